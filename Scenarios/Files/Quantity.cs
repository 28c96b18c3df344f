// A number in a prover group that is either fixed or drawn per prover from a distribution (MathNet
// Numerics): `speed: 4000`, `speed: { lognormal: { mu: 7.5, sigma: 0.4 } }`, `stake: { uniform: [1000, 5000] }`,
// `cpu_cores: { choice: [8, 16, 64], weights: [3, 2, 1] }`, `speed: { normal: { mean: 2000, sd: 300 } }`.
// Each prover draws from a stream of its own (seed, replication, group/<field>, prover id), so adding a
// group or a field never shifts another's values. Integer fields are rounded to the nearest integer and
// clamped to the field's range.
using System.Collections.Immutable;
using MathNet.Numerics.Distributions;

namespace ProverSim.Scenarios.Files;

public abstract record Quantity
{
    public abstract double Draw(Random random);

    /// <summary>The value as the field stores it: rounded half away from zero, clamped to [min, max].</summary>
    public long DrawInteger(Random random, long min, long max) => (long)Math.Clamp(Math.Round(Draw(random), MidpointRounding.AwayFromZero), min, max);

    public sealed record Fixed(double Value) : Quantity
    {
        public override double Draw(Random random) => Value;
    }

    public sealed record Normal(double Mean, double Sd) : Quantity
    {
        public override double Draw(Random random) => MathNet.Numerics.Distributions.Normal.Sample(random, Mean, Sd);
    }

    public sealed record LogNormal(double Mu, double Sigma) : Quantity
    {
        public override double Draw(Random random) => MathNet.Numerics.Distributions.LogNormal.Sample(random, Mu, Sigma);
    }

    public sealed record Uniform(double Low, double High) : Quantity
    {
        public override double Draw(Random random) => ContinuousUniform.Sample(random, Low, High);
    }

    public sealed record Choice(ImmutableArray<double> Values, ImmutableArray<double> Weights) : Quantity
    {
        public override double Draw(Random random) => Values[Categorical.Sample(random, [.. Weights])];
    }

    /// <summary>Reads a fixed number in [min, max] or one of the distributions above (whose parameters are checked).</summary>
    public static Quantity Read(YamlNode node, double min, double max)
    {
        if (node.Raw is YamlDotNet.RepresentationModel.YamlScalarNode)
        {
            return new Fixed(node.Number(min, max));
        }

        var map = node.Map("normal", "lognormal", "uniform", "choice", "weights");
        if (map.Get("normal") is { } normal)
        {
            var p = normal.Map("mean", "sd");
            return new Normal(p.Require("mean").Number(double.MinValue, double.MaxValue), p.Require("sd").Number(0, double.MaxValue));
        }

        if (map.Get("lognormal") is { } lognormal)
        {
            var p = lognormal.Map("mu", "sigma");
            return new LogNormal(p.Require("mu").Number(-100, 100), p.Require("sigma").Number(0, 100));
        }

        if (map.Get("uniform") is { } uniform)
        {
            var bounds = uniform.List();
            if (bounds.Count != 2)
            {
                throw uniform.Error("must be [low, high]");
            }

            var (low, high) = (bounds[0].Number(min, max), bounds[1].Number(min, max));
            return low <= high ? new Uniform(low, high) : throw uniform.Error("low must not exceed high");
        }

        if (map.Get("choice") is { } choice)
        {
            var values = choice.List().Select(v => v.Number(min, max)).ToImmutableArray();
            if (values.IsEmpty)
            {
                throw choice.Error("needs at least one value");
            }

            var weights = map.Get("weights") is { } w ? w.List().Select(v => v.Number(0, double.MaxValue)).ToImmutableArray() : [.. values.Select(_ => 1.0)];
            if (weights.Length != values.Length || weights.Sum() <= 0)
            {
                throw (map.Get("weights") ?? choice).Error($"needs one non-negative weight per value ({values.Length}), not all zero");
            }

            return new Choice(values, weights);
        }

        throw node.Error("must be a number or one of { normal: {mean, sd} }, { lognormal: {mu, sigma} }, { uniform: [low, high] }, { choice: [values], weights: [...] }");
    }
}
