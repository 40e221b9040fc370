namespace ControlRoom.Contracts.Boards;

/// <summary>The named boards and the kiosk grants (key 0): a handful of small records, edited rarely.</summary>
[Alias("cr.IBoardsGrain")]
public interface IBoardsGrain : IGrainWithIntegerKey
{
    [Alias("GetBoards")]
    Task<IReadOnlyList<BoardDefinition>> GetBoards();

    [Alias("GetBoard")]
    Task<BoardDefinition?> GetBoard(string boardId);

    /// <summary>Creates or replaces a board; an invalid one throws <see cref="ArgumentException"/> and changes nothing.</summary>
    [Alias("SaveBoard")]
    Task SaveBoard(BoardDefinition board);

    [Alias("DeleteBoard")]
    Task<bool> DeleteBoard(string boardId);

    [Alias("AddKioskGrant")]
    Task AddKioskGrant(string tokenHash, KioskGrant grant);

    [Alias("FindKioskGrant")]
    Task<KioskGrant?> FindKioskGrant(string tokenHash);

    [Alias("GetKioskGrants")]
    Task<IReadOnlyList<KioskGrant>> GetKioskGrants();

    [Alias("RevokeKioskGrant")]
    Task<bool> RevokeKioskGrant(string grantId);
}
