#include "support/receiver_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace dealer::testing {
namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

ReceiverProcess::ReceiverProcess(const std::string& dir, const std::string& name, const std::string& mode,
                                 const std::string& go)
    : log_(dir + "/" + name + ".jsonl") {
  const std::string port_file = dir + "/" + name + ".port";
  const std::string script = std::string(DEALER_TEST_DATA_DIR) + "/../notify/receiver.py";
  pid_ = fork();
  if (pid_ == 0) {
    const int null = open("/dev/null", O_WRONLY);
    dup2(null, STDOUT_FILENO);
    execlp("python3", "python3", script.c_str(), "--port-file", port_file.c_str(), "--log", log_.c_str(),
           "--go", go.c_str(), "--mode", mode.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  if (!poll_until([&] { return std::filesystem::exists(port_file); }, std::chrono::seconds(10)))
    throw std::runtime_error("receiver.py did not start");
  port_ = static_cast<uint16_t>(std::stoi(slurp(port_file)));
}

ReceiverProcess::~ReceiverProcess() {
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
}

std::vector<ReceiverProcess::Request> ReceiverProcess::requests() const {
  std::vector<Request> out;
  std::istringstream lines(slurp(log_));
  for (std::string line; std::getline(lines, line);) {
    const boost::json::object o = boost::json::parse(line).as_object();
    out.push_back({std::string(o.at("key").as_string()), std::string(o.at("body").as_string()),
                   o.at("answered").as_bool()});
  }
  return out;
}

std::vector<std::string> ReceiverProcess::answered_keys() const {
  std::vector<std::string> out;
  for (const Request& r : requests())
    if (r.answered) out.push_back(r.key);
  return out;
}

}  // namespace dealer::testing
