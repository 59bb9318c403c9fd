#include "cli/args.h"

namespace dealer::cli {

Result<Args> parse_args(int argc, char** argv, int first) {
  Args args;
  for (int i = first; i < argc; ++i) {
    std::string a = argv[i];
    if (!a.starts_with("--")) {
      args.positional.push_back(std::move(a));
      continue;
    }
    const size_t eq = a.find('=');
    if (eq != std::string::npos) {
      args.options[a.substr(2, eq - 2)] = a.substr(eq + 1);
    } else if (i + 1 < argc) {
      args.options[a.substr(2)] = argv[++i];
    } else {
      return make_error(Errc::kInvalidArgument, "option " + a + " needs a value");
    }
  }
  return args;
}

}  // namespace dealer::cli
