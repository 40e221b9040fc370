using System.Globalization;
using ControlRoom.Host.Components.Board;

namespace ControlRoom.Host.Tests.Board;

/// <summary>
/// The queue palette holds what docs/wall.md promises: readable on the dark tiles, clear of the status colours, and
/// every two colours distinct for normal vision and the three common colour-vision deficiencies.
/// </summary>
public sealed class QueueColourTests
{
    private const string Tile = "#16202b";
    private static readonly string[] Status = ["#22c55e", "#f59e0b", "#ef4444"];

    [Fact]
    public void QueueColour_IsStable_AndFromThePalette()
    {
        QueueColours.Of("telco-chat").Should().Be(QueueColours.Of("telco-chat"));
        QueueColours.Palette.Should().Contain(QueueColours.Of("any-queue"));
        QueueColours.Palette.Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void BuiltInSimulatorQueues_GetSixDifferentColours()
    {
        string[] queues = ["energy-voice", "energy-chat", "bank-voice", "bank-email", "telco-voice", "telco-chat"];

        queues.Select(QueueColours.Of).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void EveryColour_StandsOutOnATile_AtLeast4Point5To1()
    {
        foreach (var colour in QueueColours.Palette)
        {
            Colour.Contrast(colour, Tile).Should().BeGreaterThanOrEqualTo(4.5, colour);
        }
    }

    [Theory]
    [InlineData(Vision.Normal)]
    [InlineData(Vision.Protanopia)]
    [InlineData(Vision.Deuteranopia)]
    [InlineData(Vision.Tritanopia)]
    public void EveryTwoColours_StayApart(Vision vision)
    {
        var palette = QueueColours.Palette;
        for (var i = 0; i < palette.Count; i++)
        {
            for (var j = i + 1; j < palette.Count; j++)
            {
                Colour.DeltaE2000(Colour.Lab(palette[i], vision), Colour.Lab(palette[j], vision))
                    .Should().BeGreaterThanOrEqualTo(10, $"{palette[i]} and {palette[j]} under {vision}");
            }
        }
    }

    [Fact]
    public void NoColour_ReadsAsAStatus()
    {
        foreach (var colour in QueueColours.Palette)
        {
            foreach (var status in Status)
            {
                Colour.DeltaE2000(Colour.Lab(colour, Vision.Normal), Colour.Lab(status, Vision.Normal))
                    .Should().BeGreaterThanOrEqualTo(15, $"{colour} against the status colour {status}");
            }
        }
    }

    public enum Vision
    {
        Normal,
        Protanopia,
        Deuteranopia,
        Tritanopia,
    }

    /// <summary>sRGB → (simulated vision) → CIELAB, contrast ratio (WCAG 2) and CIEDE2000.</summary>
    private static class Colour
    {
        // Machado, Oliveira and Fernandes (2009), severity 1.0, applied to linear RGB.
        private static readonly Dictionary<Vision, double[,]> Simulation = new()
        {
            [Vision.Normal] = new double[,] { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } },
            [Vision.Protanopia] = new[,] { { 0.152286, 1.052583, -0.204868 }, { 0.114503, 0.786281, 0.099216 }, { -0.003882, -0.048116, 1.051998 } },
            [Vision.Deuteranopia] = new[,] { { 0.367322, 0.860646, -0.227968 }, { 0.280085, 0.672501, 0.047413 }, { -0.011820, 0.042940, 0.968881 } },
            [Vision.Tritanopia] = new[,] { { 1.255528, -0.076749, -0.178779 }, { -0.078411, 0.930809, 0.147602 }, { 0.004733, 0.691367, 0.303900 } },
        };

        public static double Contrast(string a, string b)
        {
            var (la, lb) = (Luminance(Linear(a)), Luminance(Linear(b)));
            return (Math.Max(la, lb) + 0.05) / (Math.Min(la, lb) + 0.05);
        }

        public static (double L, double A, double B) Lab(string hex, Vision vision)
        {
            var rgb = Linear(hex);
            var m = Simulation[vision];
            var s = new double[3];
            for (var i = 0; i < 3; i++)
            {
                s[i] = Math.Clamp((m[i, 0] * rgb[0]) + (m[i, 1] * rgb[1]) + (m[i, 2] * rgb[2]), 0, 1);
            }

            var x = ((0.4124 * s[0]) + (0.3576 * s[1]) + (0.1805 * s[2])) / 0.95047;
            var y = (0.2126 * s[0]) + (0.7152 * s[1]) + (0.0722 * s[2]);
            var z = ((0.0193 * s[0]) + (0.1192 * s[1]) + (0.9505 * s[2])) / 1.08883;
            static double F(double t) => t > 216.0 / 24389 ? Math.Cbrt(t) : ((24389.0 / 27 * t) + 16) / 116;
            return ((116 * F(y)) - 16, 500 * (F(x) - F(y)), 200 * (F(y) - F(z)));
        }

        public static double DeltaE2000((double L, double A, double B) one, (double L, double A, double B) two)
        {
            static double Rad(double deg) => deg * Math.PI / 180;
            static double Deg(double rad) => rad * 180 / Math.PI;
            var c1 = Math.Sqrt((one.A * one.A) + (one.B * one.B));
            var c2 = Math.Sqrt((two.A * two.A) + (two.B * two.B));
            var cBar = (c1 + c2) / 2;
            var g = 0.5 * (1 - Math.Sqrt(Math.Pow(cBar, 7) / (Math.Pow(cBar, 7) + Math.Pow(25, 7))));
            var a1 = (1 + g) * one.A;
            var a2 = (1 + g) * two.A;
            var c1p = Math.Sqrt((a1 * a1) + (one.B * one.B));
            var c2p = Math.Sqrt((a2 * a2) + (two.B * two.B));
            var h1 = (Deg(Math.Atan2(one.B, a1)) + 360) % 360;
            var h2 = (Deg(Math.Atan2(two.B, a2)) + 360) % 360;
            var dL = two.L - one.L;
            var dC = c2p - c1p;
            var dh = c1p * c2p == 0 ? 0 : Math.Abs(h2 - h1) <= 180 ? h2 - h1 : h2 - h1 > 180 ? h2 - h1 - 360 : h2 - h1 + 360;
            var dH = 2 * Math.Sqrt(c1p * c2p) * Math.Sin(Rad(dh / 2));
            var lBar = (one.L + two.L) / 2;
            var cBarP = (c1p + c2p) / 2;
            var hBar = c1p * c2p == 0 ? h1 + h2 : Math.Abs(h1 - h2) > 180 ? (h1 + h2 + 360) / 2 : (h1 + h2) / 2;
            var t = 1 - (0.17 * Math.Cos(Rad(hBar - 30))) + (0.24 * Math.Cos(Rad(2 * hBar))) + (0.32 * Math.Cos(Rad((3 * hBar) + 6))) - (0.20 * Math.Cos(Rad((4 * hBar) - 63)));
            var dTheta = 30 * Math.Exp(-Math.Pow((hBar - 275) / 25, 2));
            var rc = 2 * Math.Sqrt(Math.Pow(cBarP, 7) / (Math.Pow(cBarP, 7) + Math.Pow(25, 7)));
            var sl = 1 + (0.015 * Math.Pow(lBar - 50, 2) / Math.Sqrt(20 + Math.Pow(lBar - 50, 2)));
            var sc = 1 + (0.045 * cBarP);
            var sh = 1 + (0.015 * cBarP * t);
            var rt = -Math.Sin(Rad(2 * dTheta)) * rc;
            return Math.Sqrt(Math.Pow(dL / sl, 2) + Math.Pow(dC / sc, 2) + Math.Pow(dH / sh, 2) + (rt * (dC / sc) * (dH / sh)));
        }

        private static double[] Linear(string hex) =>
        [
            .. Enumerable.Range(0, 3).Select(i => int.Parse(hex.AsSpan(1 + (2 * i), 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) / 255.0)
                .Select(c => c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4)),
        ];

        private static double Luminance(double[] rgb) => (0.2126 * rgb[0]) + (0.7152 * rgb[1]) + (0.0722 * rgb[2]);
    }
}
