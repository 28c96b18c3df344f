// Points of NIST P-256 (y² = x³ − 3x + b): affine points for tables and encodings, Jacobian points
// (x = X/Z², y = Y/Z³) for arithmetic without inversions. The formulas are the Explicit-Formulas
// Database's for a = −3: dbl-2001-b, madd-2007-bl and add-2007-bl, with the exceptional cases
// (infinity, equal and opposite points) handled rather than assumed away.
namespace ProverSim.Grains.Crypto.P256;

/// <summary>A finite curve point (x, y).</summary>
internal readonly struct P256Affine(P256Field x, P256Field y)
{
    public P256Field X { get; } = x;

    public P256Field Y { get; } = y;

    public P256Affine Negate() => new(X, -Y);
}

/// <summary>A point in Jacobian coordinates; Z = 0 is the point at infinity.</summary>
internal readonly struct P256Jacobian(P256Field x, P256Field y, P256Field z)
{
    public P256Field X { get; } = x;

    public P256Field Y { get; } = y;

    public P256Field Z { get; } = z;

    public static P256Jacobian Infinity => new(P256Field.One, P256Field.One, P256Field.Zero);

    public bool IsInfinity => Z.IsZero;

    public static P256Jacobian From(in P256Affine p) => new(p.X, p.Y, P256Field.One);

    /// <summary>2·P (dbl-2001-b: 3M + 5S); infinity stays infinity.</summary>
    public P256Jacobian Double()
    {
        var delta = Z.Square();
        var gamma = Y.Square();
        var beta = X * gamma;
        var t = (X - delta) * (X + delta);
        var alpha = t + t + t;
        var beta4 = beta + beta;
        beta4 += beta4;
        var beta8 = beta4 + beta4;
        var x3 = alpha.Square() - beta8;
        var z3 = (Y + Z).Square() - gamma - delta;
        var gamma2 = gamma.Square();
        var gamma8 = gamma2 + gamma2;
        gamma8 += gamma8;
        gamma8 += gamma8;
        var y3 = (alpha * (beta4 - x3)) - gamma8;
        return new P256Jacobian(x3, y3, z3);
    }

    /// <summary>P + Q for an affine Q (madd-2007-bl: 7M + 4S).</summary>
    public P256Jacobian Add(in P256Affine q)
    {
        if (IsInfinity)
        {
            return From(q);
        }

        var z1z1 = Z.Square();
        var u2 = q.X * z1z1;
        var s2 = q.Y * Z * z1z1;
        var h = u2 - X;
        var r = s2 - Y;
        if (h.IsZero)
        {
            return r.IsZero ? Double() : Infinity;
        }

        r += r;
        var hh = h.Square();
        var i = hh + hh;
        i += i;
        var j = h * i;
        var v = X * i;
        var x3 = r.Square() - j - v - v;
        var yj = Y * j;
        var y3 = (r * (v - x3)) - yj - yj;
        var z3 = (Z + h).Square() - z1z1 - hh;
        return new P256Jacobian(x3, y3, z3);
    }

    /// <summary>P + Q for two Jacobian points (add-2007-bl: 11M + 5S).</summary>
    public P256Jacobian Add(in P256Jacobian q)
    {
        if (IsInfinity)
        {
            return q;
        }

        if (q.IsInfinity)
        {
            return this;
        }

        var z1z1 = Z.Square();
        var z2z2 = q.Z.Square();
        var u1 = X * z2z2;
        var u2 = q.X * z1z1;
        var s1 = Y * q.Z * z2z2;
        var s2 = q.Y * Z * z1z1;
        var h = u2 - u1;
        var r = s2 - s1;
        if (h.IsZero)
        {
            return r.IsZero ? Double() : Infinity;
        }

        r += r;
        var i = (h + h).Square();
        var j = h * i;
        var v = u1 * i;
        var x3 = r.Square() - j - v - v;
        var s1j = s1 * j;
        var y3 = (r * (v - x3)) - s1j - s1j;
        var z3 = ((Z + q.Z).Square() - z1z1 - z2z2) * h;
        return new P256Jacobian(x3, y3, z3);
    }

    /// <summary>The affine point; false for infinity.</summary>
    public bool TryToAffine(out P256Affine affine)
    {
        if (IsInfinity)
        {
            affine = default;
            return false;
        }

        var zInv = Z.Invert();
        var zInv2 = zInv.Square();
        affine = new P256Affine(X * zInv2, Y * zInv2 * zInv);
        return true;
    }

    /// <summary>All points to affine with one inversion (Montgomery's trick); none may be infinity.</summary>
    public static void ToAffine(ReadOnlySpan<P256Jacobian> points, Span<P256Affine> affine)
    {
        if (points.Length == 0)
        {
            return;
        }

        // prefix[i] = Z0·…·Zi, kept in the output's X until the inverse walks back down.
        Span<P256Field> prefix = points.Length <= 64 ? stackalloc P256Field[points.Length] : new P256Field[points.Length];
        prefix[0] = points[0].Z;
        for (var i = 1; i < points.Length; i++)
        {
            prefix[i] = prefix[i - 1] * points[i].Z;
        }

        var inverse = prefix[^1].Invert();
        for (var i = points.Length - 1; i >= 0; i--)
        {
            var zInv = i == 0 ? inverse : inverse * prefix[i - 1];
            inverse *= points[i].Z;
            var zInv2 = zInv.Square();
            affine[i] = new P256Affine(points[i].X * zInv2, points[i].Y * zInv2 * zInv);
        }
    }
}
