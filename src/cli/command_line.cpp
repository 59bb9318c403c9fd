#include "cli/command_line.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "core/decimal.h"
#include "core/spelling.h"

namespace dealer::cli {
namespace {

constexpr const char* kHelpHint = "Run 'dealer COMMAND --help' for the options of a command.";

// "dealer" or "dealer api": the command whose arguments were being read.
std::string command_name(const CLI::App& root) {
  const auto chosen = root.get_subcommands();
  return chosen.empty() ? "dealer" : "dealer " + chosen.front()->get_name();
}

// For each unexpected "--word", the command's option it most likely misspells (at most two edits).
std::string suggestions(const CLI::App& command, const std::vector<std::string>& unexpected) {
  std::string out;
  for (const std::string& arg : unexpected) {
    if (!arg.starts_with("--")) continue;
    const std::string word = arg.substr(2, arg.find('=') - 2);
    std::vector<std::string> names;
    for (const CLI::Option* option : command.get_options())
      for (const std::string& name : option->get_lnames()) names.push_back(name);
    if (auto best = closest_name(word, names))
      out += "Did you mean --" + *best + " rather than --" + word + "?\n";
  }
  return out;
}

}  // namespace

Arg& Arg::required() {
  option_->required();
  return *this;
}

Arg& Arg::choices(const std::vector<std::string>& allowed) {
  option_->check(CLI::IsMember(allowed));
  return *this;
}

Arg& Arg::value_name(const std::string& name) {
  option_->type_name(name);
  return *this;
}

Arg Command::option(const std::string& name, std::string* value, const std::string& help) {
  return Arg(app_->add_option(name, *value, help)->capture_default_str());
}

Arg Command::option(const std::string& name, std::vector<std::string>* values, const std::string& help) {
  // One value per occurrence: "--sweep a=1 b=2" must not read b=2 as a second value of the first.
  return Arg(app_->add_option(name, *values, help)->allow_extra_args(false));
}

Arg Command::flag(const std::string& name, bool* value, const std::string& help) {
  return Arg(app_->add_flag(name, *value, help));
}

Arg Command::option(const std::string& name, int64_t* value, int64_t min, int64_t max,
                    const std::string& help) {
  // CLI11 would read integers with strtoll in base 0, where "010" is eight; core's parser reads base 10.
  auto parse = [name, value, min, max](const std::string& text) {
    auto v = parse_int64(text);
    if (!v) throw CLI::ValidationError(name, v.error().message);
    if (*v < min || *v > max)
      throw CLI::ValidationError(name,
                                 "must be between " + std::to_string(min) + " and " + std::to_string(max));
    *value = *v;
  };
  return Arg(app_->add_option_function<std::string>(name, parse, help)
                 ->default_str(std::to_string(*value))
                 ->type_name("INTEGER"));
}

Arg Command::positional(const std::string& name, std::string* value, const std::string& help) {
  return Arg(app_->add_option(name, *value, help));
}

Arg Command::positionals(const std::string& name, std::vector<std::string>* values, const std::string& help) {
  return Arg(app_->add_option(name, *values, help));
}

Command& Command::details(const std::string& text) {
  app_->footer(text);
  return *this;
}

void Command::on_run(std::function<int()> run) { *run_ = std::move(run); }

CommandLine::CommandLine(const std::string& about, const std::string& version)
    : app_(std::make_unique<CLI::App>(about, "dealer")) {
  app_->set_version_flag("--version", version);
  app_->require_subcommand(0, 1);
  app_->footer(kHelpHint);
  // `dealer help [COMMAND]`, for those who type it rather than --help.
  auto topic = std::make_shared<std::string>();
  Command help = add("help", "Show this help, or the help of one command.");
  help.positional("command", topic.get(), "The command to explain");
  help.on_run([this, topic] {
    if (topic->empty()) {
      // Not app_->help(), which shows the help of the command being run: this one.
      std::fputs(app_->get_formatter()->make_help(app_.get(), "dealer", CLI::AppFormatMode::Normal).c_str(),
                 stdout);
      return kExitOk;
    }
    for (const auto& [sub, run] : runs_)
      if (sub->get_name() == *topic) {
        std::fputs(sub->help("dealer").c_str(), stdout);
        return kExitOk;
      }
    std::fprintf(stderr, "dealer help: no command '%s'\n%s\n", topic->c_str(), kHelpHint);
    return kExitUsage;
  });
}

CommandLine::~CommandLine() = default;

Command CommandLine::add(const std::string& name, const std::string& summary) {
  CLI::App* sub = app_->add_subcommand(name, summary);
  return Command(sub, &runs_[sub]);
}

int CommandLine::run(int argc, char** argv) {
  try {
    app_->parse(argc, argv);
  } catch (const CLI::Success& e) {  // --help or --version: printed to stdout
    return app_->exit(e);
  } catch (const CLI::ParseError& e) {
    const auto chosen = app_->get_subcommands();
    if (chosen.empty() && dynamic_cast<const CLI::ExtrasError*>(&e) && !app_->remaining().empty()) {
      std::fprintf(stderr, "dealer: no command '%s'\n%s\n", app_->remaining().front().c_str(), kHelpHint);
      return kExitUsage;
    }
    const std::string name = command_name(*app_);
    const std::string hint = chosen.empty() ? "" : suggestions(*chosen.front(), chosen.front()->remaining());
    std::fprintf(stderr, "%s: %s\n%sRun '%s --help' for the options.\n", name.c_str(), e.what(), hint.c_str(),
                 name.c_str());
    return kExitUsage;
  }
  const auto chosen = app_->get_subcommands();
  if (chosen.empty()) {
    std::fputs(app_->help().c_str(), stderr);
    return kExitUsage;
  }
  const std::function<int()>& run = runs_.at(chosen.front());
  try {
    return run();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: unexpected failure: %s\n", command_name(*app_).c_str(), e.what());
    return kExitFailure;
  }
}

}  // namespace dealer::cli
