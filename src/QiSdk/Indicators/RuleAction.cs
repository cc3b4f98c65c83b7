namespace QiSdk.Indicators;

/// <summary>What a rule does when its condition holds.</summary>
public enum RuleAction
{
    /// <summary>Stop; the patient keeps only the populations already reached.</summary>
    Reject,

    /// <summary>Add the rule's populations; stop unless the rule says continue.</summary>
    Select,
}
