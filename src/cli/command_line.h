// The command line of the one `dealer` binary: subcommands with typed options, generated help,
// --version, and strict parsing (an unknown or misspelled option is an error naming it).
//
// CLI11 does the parsing, but only command_line.cpp includes it: its header alone costs 4 to 5 s of
// compiler time per translation unit (g++ 12, -O2), and each command file would otherwise pay it. Commands
// describe themselves through Command and Arg below; a CLI11 feature a new command needs becomes one more
// small method here.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace dealer::cli {

// Exit codes of every command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // the job failed
inline constexpr int kExitUsage = 2;    // bad usage or configuration

// One option or positional, to refine after adding it.
class Arg {
 public:
  Arg& required();
  // Only these values are accepted (text arguments).
  Arg& choices(const std::vector<std::string>& allowed);
  // The placeholder shown in help: "--config FILE" rather than "--config TEXT".
  Arg& value_name(const std::string& name);

 private:
  friend class Command;
  explicit Arg(CLI::Option* option) : option_(option) {}
  CLI::Option* option_;  // owned by the CommandLine
};

// One subcommand being described. The variables bound to options belong to the command (usually a
// struct shared with its run function) and must live until the run function returns; the value a
// variable holds when bound is its default, shown in help.
class Command {
 public:
  // "--name VALUE" or "--name=VALUE".
  Arg option(const std::string& name, std::string* value, const std::string& help);
  // A base-10 integer in [min, max] (parsed exactly: "010" is ten, "1e3" is an error).
  Arg option(const std::string& name, int64_t* value, int64_t min, int64_t max, const std::string& help);
  // "--name VALUE", repeatable: each one appends its value.
  Arg option(const std::string& name, std::vector<std::string>* values, const std::string& help);
  // "--name": true when given.
  Arg flag(const std::string& name, bool* value, const std::string& help);
  // Positionals are taken in the order they are added; a list takes all the remaining ones.
  Arg positional(const std::string& name, std::string* value, const std::string& help);
  Arg positionals(const std::string& name, std::vector<std::string>* values, const std::string& help);
  // Text shown after the options in `dealer NAME --help`: examples, environment variables.
  Command& details(const std::string& text);
  // What the command does once its arguments are parsed; returns the exit code.
  void on_run(std::function<int()> run);

 private:
  friend class CommandLine;
  Command(CLI::App* app, std::function<int()>* run) : app_(app), run_(run) {}
  CLI::App* app_;              // owned by the CommandLine
  std::function<int()>* run_;  // the CommandLine's slot for this command
};

// The whole command line: add the commands, then run. Not thread-safe; one per process.
class CommandLine {
 public:
  // `about` heads `dealer --help`; `version` is printed by `dealer --version`.
  CommandLine(const std::string& about, const std::string& version);
  ~CommandLine();
  CommandLine(const CommandLine&) = delete;
  CommandLine& operator=(const CommandLine&) = delete;

  // `summary` is the one line listed in `dealer --help` and heads `dealer NAME --help`.
  Command add(const std::string& name, const std::string& summary);
  // Parses argv and runs the chosen command. Returns its exit code; 0 after --help or --version; 2 on
  // a usage error (printed to stderr with a pointer to the help) or when no command is given.
  int run(int argc, char** argv);

 private:
  std::unique_ptr<CLI::App> app_;
  std::map<const CLI::App*, std::function<int()>> runs_;
};

}  // namespace dealer::cli
