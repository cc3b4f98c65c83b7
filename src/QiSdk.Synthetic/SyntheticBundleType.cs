namespace QiSdk.Synthetic;

/// <summary>The <c>Bundle.type</c> of written Bundles.</summary>
public enum SyntheticBundleType
{
    /// <summary><c>collection</c>.</summary>
    Collection = 0,

    /// <summary><c>transaction</c> (each entry with <c>request.method</c> POST, as Synthea writes them).</summary>
    Transaction,
}
