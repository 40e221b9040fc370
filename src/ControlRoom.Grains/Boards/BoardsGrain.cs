using ControlRoom.Contracts.Boards;
using ControlRoom.Grains.Hosting;

namespace ControlRoom.Grains.Boards;

/// <summary>Named boards and kiosk grants, persisted in the ControlRoom storage (memory, or Redis when configured).</summary>
public sealed class BoardsGrain(
    [PersistentState("boards", StorageNames.State)] IPersistentState<BoardsState> state,
    TimeProvider clock) : Grain, IBoardsGrain
{
    public Task<IReadOnlyList<BoardDefinition>> GetBoards() =>
        Task.FromResult<IReadOnlyList<BoardDefinition>>([.. state.State.Boards.Values.OrderBy(b => b.Name, StringComparer.CurrentCultureIgnoreCase)]);

    public Task<BoardDefinition?> GetBoard(string boardId) =>
        Task.FromResult(state.State.Boards.GetValueOrDefault(boardId));

    public async Task SaveBoard(BoardDefinition board)
    {
        ArgumentNullException.ThrowIfNull(board);
        var errors = board.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")), nameof(board));
        }

        state.State.Boards[board.BoardId] = board with { QueueIds = [.. board.QueueIds.Distinct(StringComparer.Ordinal)] };
        await state.WriteStateAsync();
    }

    public async Task<bool> DeleteBoard(string boardId)
    {
        if (!state.State.Boards.Remove(boardId))
        {
            return false;
        }

        await state.WriteStateAsync();
        return true;
    }

    public async Task AddKioskGrant(string tokenHash, KioskGrant grant)
    {
        ArgumentException.ThrowIfNullOrEmpty(tokenHash);
        ArgumentNullException.ThrowIfNull(grant);
        if (grant.BoardIds.Count == 0 || grant.BoardIds.Any(id => !state.State.Boards.ContainsKey(id)))
        {
            throw new ArgumentException("A kiosk grant names at least one board, and only boards that exist.", nameof(grant));
        }

        // Expired grants are dropped here, so the list stays as short as the grants in use.
        var now = clock.GetUtcNow();
        foreach (var expired in state.State.Grants.Where(g => g.Value.ExpiresAt <= now).Select(g => g.Key).ToList())
        {
            state.State.Grants.Remove(expired);
        }

        state.State.Grants[tokenHash] = grant;
        await state.WriteStateAsync();
    }

    public Task<KioskGrant?> FindKioskGrant(string tokenHash) =>
        Task.FromResult(state.State.Grants.TryGetValue(tokenHash, out var grant) && grant.ExpiresAt > clock.GetUtcNow() ? grant : null);

    public Task<IReadOnlyList<KioskGrant>> GetKioskGrants() =>
        Task.FromResult<IReadOnlyList<KioskGrant>>([.. state.State.Grants.Values.OrderByDescending(g => g.IssuedAt)]);

    public async Task<bool> RevokeKioskGrant(string grantId)
    {
        var key = state.State.Grants.FirstOrDefault(g => g.Value.GrantId == grantId).Key;
        if (key is null)
        {
            return false;
        }

        state.State.Grants.Remove(key);
        await state.WriteStateAsync();
        return true;
    }
}

[GenerateSerializer, Alias("cr.BoardsState")]
public sealed class BoardsState
{
    [Id(0)] public Dictionary<string, BoardDefinition> Boards { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Kiosk grants by the SHA-256 (hex) of their token.</summary>
    [Id(1)] public Dictionary<string, KioskGrant> Grants { get; set; } = new(StringComparer.Ordinal);
}
