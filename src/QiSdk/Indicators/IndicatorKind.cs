namespace QiSdk.Indicators;

/// <summary>Whether an indicator measures care given (process) or its result (outcome). Privacy policies use it.</summary>
public enum IndicatorKind
{
    /// <summary>A process measure (something done: a test, a prescription, a review).</summary>
    Process,

    /// <summary>An outcome measure (a result reached: HbA1c at target, BP controlled).</summary>
    Outcome,
}
