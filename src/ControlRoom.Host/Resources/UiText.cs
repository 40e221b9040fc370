namespace ControlRoom.Host.Resources;

/// <summary>Anchor of the UI texts: <c>UiText.resx</c> (English, the fallback) and <c>UiText.it.resx</c> (Italian).</summary>
public sealed class UiText;
