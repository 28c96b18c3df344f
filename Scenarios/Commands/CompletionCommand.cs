// `provsim completion bash|zsh|fish`: prints a shell script that completes provsim's verbs, options and
// option values by asking provsim itself (System.CommandLine's [suggest:POSITION] directive, the same
// protocol the dotnet-suggest tool uses), so the completions always match the installed version.
using System.CommandLine;

namespace ProverSim.Scenarios.Commands;

public static class CompletionCommand
{
    public static readonly IReadOnlyDictionary<string, string> Scripts = new SortedDictionary<string, string>
    {
        ["bash"] = """
            # provsim completion for bash: eval "$(provsim completion bash)" in ~/.bashrc
            _provsim_complete() {
                local IFS=$'\n'
                local line="${COMP_LINE:0:COMP_POINT}"
                COMPREPLY=($(compgen -W "$(provsim "[suggest:${#line}]" "$line" 2>/dev/null)" -- "${COMP_WORDS[COMP_CWORD]}"))
            }
            complete -o default -F _provsim_complete provsim
            """,
        ["zsh"] = """
            # provsim completion for zsh: eval "$(provsim completion zsh)" in ~/.zshrc (after compinit)
            _provsim_complete() {
                local line="${BUFFER[1,CURSOR]}"
                local -a suggestions
                suggestions=("${(@f)$(provsim "[suggest:${#line}]" "$line" 2>/dev/null)}")
                compadd -a suggestions
                _files
            }
            compdef _provsim_complete provsim
            """,
        ["fish"] = """
            # provsim completion for fish: provsim completion fish > ~/.config/fish/completions/provsim.fish
            complete -c provsim -a '(set -l line (commandline -cp); provsim "[suggest:"(string length -- "$line")"]" "$line" 2>/dev/null)'
            """,
    };

    public static Command Create()
    {
        var shell = new Argument<string>("shell") { Description = $"The shell: {string.Join(", ", Scripts.Keys)}." };
        shell.AcceptOnlyFromAmong([.. Scripts.Keys]);
        var command = new Command(
            "completion",
            "Print a script that completes provsim's verbs and options in your shell (provsim must be on PATH).\n" +
            "Example: eval \"$(provsim completion bash)\"")
        {
            shell,
        };
        command.SetAction(parse =>
        {
            Console.WriteLine(Scripts[parse.GetValue(shell)!]);
            return 0;
        });
        return command;
    }
}
