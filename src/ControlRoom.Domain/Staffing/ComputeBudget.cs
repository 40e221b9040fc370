namespace ControlRoom.Domain.Staffing;

/// <summary>
/// What one staffing computation may spend: a number of steps (inner-loop iterations, the same count on every
/// machine, so a refusal is reproducible) and a cancellation token (a caller who has gone stops the loops at
/// their next step). Not thread-safe: one computation, one budget.
/// </summary>
public sealed class ComputeBudget(long maxSteps, CancellationToken cancellationToken = default)
{
    public long MaxSteps { get; } = maxSteps;

    public long Spent { get; private set; }

    /// <summary>True once a loop stopped because the token was cancelled (as opposed to never having looked).</summary>
    public bool StoppedByCancellation { get; private set; }

    /// <summary>Accounts for <paramref name="steps"/> more; throws when the budget is spent or the caller cancelled.</summary>
    public void Spend(long steps)
    {
        Spent += steps;
        if (cancellationToken.IsCancellationRequested)
        {
            StoppedByCancellation = true;
            cancellationToken.ThrowIfCancellationRequested();
        }

        if (Spent > MaxSteps)
        {
            throw new ComputeBudgetExceededException(MaxSteps);
        }
    }
}

/// <summary>A computation needed more steps than its <see cref="ComputeBudget"/> allows.</summary>
public sealed class ComputeBudgetExceededException(long maxSteps)
    : Exception($"The computation needs more than {maxSteps:N0} steps.")
{
    public long MaxSteps { get; } = maxSteps;
}
