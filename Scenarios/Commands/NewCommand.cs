// `provsim new NAME [--dir DIR]`: writes NAME.yaml, a commented scenario that runs as it is (the smallest
// useful population and demand), and the VM program it uses beside it (programs/countdown.bf), so a new
// user edits a file that already works instead of starting from the reference.
using System.CommandLine;
using System.Text.RegularExpressions;

namespace ProverSim.Scenarios.Commands;

public static partial class NewCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "The scenario's name (letters, digits, '-', '_', '.'): the file is NAME.yaml." };
        var dir = new Option<DirectoryInfo?>("--dir") { Description = "Where to write it (default: the current folder)." };
        var command = new Command("new", "Write a commented scenario that runs as it is.\nExample: provsim new my-study && provsim run my-study.yaml") { name, dir };
        command.SetAction(parse =>
        {
            var scenario = parse.GetValue(name)!;
            if (!Name().IsMatch(scenario))
            {
                throw new InputError($"new: '{scenario}' is not a scenario name: use letters, digits, '-', '_' and '.' (it names the file and the results folder)");
            }

            var folder = parse.GetValue(dir)?.FullName ?? Directory.GetCurrentDirectory();
            var path = Path.Combine(folder, scenario + ".yaml");
            if (File.Exists(path))
            {
                throw new InputError($"new: {path} exists already; choose another name or remove it");
            }

            Directory.CreateDirectory(Path.Combine(folder, "programs"));
            var program = Path.Combine(folder, "programs", "countdown.bf");
            if (!File.Exists(program))
            {
                File.WriteAllText(program, Countdown);
            }

            File.WriteAllText(path, Template.Replace("NAME", scenario));
            Console.WriteLine($"wrote {path} (and {program}); run it with: provsim run {Path.GetRelativePath(Directory.GetCurrentDirectory(), path)}");
            Console.WriteLine($"every key and its default: provsim explain {Path.GetRelativePath(Directory.GetCurrentDirectory(), path)}; the reference: Scenarios/README.md");
            return 0;
        });
        return command;
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]+$")]
    private static partial Regex Name();

    /// <summary>The program the scaffold's demand runs.</summary>
    public const string Countdown = """
        # countdown.bf: reads n and outputs n, n-1, ..., 1; it runs exactly 3n + 2 cycles.
        ,[.-]

        """;

    /// <summary>The scaffold; NAME is replaced by the scenario's name.</summary>
    public const string Template = """
        # NAME: a small network to start from. Two groups of provers, steady demand, the protocol's defaults
        # where a key is left out (`provsim explain NAME.yaml` prints them all). Change a number, run it again:
        #   provsim run NAME.yaml            results in results/NAME/, report in results/NAME/report.html
        name: NAME
        seed: 1               # same seed, same bytes: change it (or add `replications: 5`) to see the noise
        slots: 30             # simulated slots of protocol.slot_length seconds
        drain_slots: 100      # at most this many more slots to settle work still running at the end

        protocol:
          k: 3                # provers allocated per workload; the first to post a valid proof earns most
          tiers: [0.6, 0.25, 0.15]
          reward: 1000        # base units per completed workload, split by the tiers
          fee_per_megacycle: 50000
          join_challenges: 1  # a proof-of-work challenge each prover passes before it is allocated anything
          pow_cycles: 1000
          pow_rate: 0.02      # chance per slot that a member gets a random challenge
          epoch_slots: 5      # the active set allocation draws from is frozen every 5 slots
          jitter: 0.05        # ±5% on every job's compute time

        groups:
          # Well-equipped provers that queue work when busy.
          - name: datacenter
            count: 4
            hardware: { cpu_cores: 32, memory_gb: 128, bandwidth_mbps: 10000, speed: 4000 }   # speed: cycles/s of one core
            stake: 20000
            job_slots: 2
          # Home provers with one job slot: they decline when busy, which opens the market to others.
          - name: home
            count: 8
            hardware: { cpu_cores: 8, memory_gb: 32, bandwidth_mbps: 100, speed: { uniform: [800, 1500] } }
            stake: 2000
            job_slots: 1
            behaviour: capacity-limited

        demand:
          rate: 1.0           # workloads per slot (Poisson)
          start_slot: 5       # after the first snapshot holds the provers that passed their join challenge
          users: 5
          programs:
            - name: countdown
              file: programs/countdown.bf
              input: [300]    # 3 · 300 + 2 = 902 cycles
              paid_cycles: 1000
              input_bytes: 1000

        """;
}
