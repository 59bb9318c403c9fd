#include "live/controls.h"

#include <charconv>

#include "live/logging.h"

namespace dealer::live {
namespace {

int status_of(const Error& error) {
  if (error.code == Errc::kNotFound) return 404;
  return 409;
}

}  // namespace

std::string control_name(const ControlRequest& r) {
  switch (r.action) {
    case ControlAction::kCancel:
      return "cancel";
    case ControlAction::kPause:
      return r.cancel_orders ? "pause_and_cancel" : "pause";
    case ControlAction::kResume:
      return "resume";
    case ControlAction::kHalt:
      return "halt";
    case ControlAction::kResumeTrading:
      return "resume_trading";
    case ControlAction::kReload:
      return "reload";
  }
  return "unknown";
}

Controls::Controls(engine::Core& core, store::Store& store, const Clock& wall, ControlHooks hooks)
    : core_(core), store_(store), wall_(wall), hooks_(std::move(hooks)) {}

ControlOutcome Controls::apply(const ControlRequest& request) {
  const WallTime now = wall_from_us(wall_.now_us());
  ControlOutcome outcome = run(request, now);
  const std::string name = control_name(request);
  const std::string line = "control " + name + (request.target.empty() ? "" : " " + request.target) +
                           " from " + request.remote + ": " + outcome.message;
  if (outcome.status == 200)
    log_info(line);
  else
    log_warn(line);
  store::ControlRow row{to_us(now), name, request.target, request.remote,
                        (outcome.status == 200 ? "ok: " : "refused: ") + outcome.message};
  if (Status s = store_.submit(std::move(row)); !s) log_warn("control not recorded: " + s.error().describe());
  return outcome;
}

ControlOutcome Controls::carried_out(Result<std::span<const engine::Effect>> effects, std::string done) {
  if (!effects) return {status_of(effects.error()), effects.error().message};
  if (hooks_.carry_out) hooks_.carry_out(*effects);
  return {200, std::move(done)};
}

ControlOutcome Controls::run(const ControlRequest& r, WallTime now) {
  switch (r.action) {
    case ControlAction::kCancel: {
      engine::ClientId id = 0;
      const auto [end, ec] = std::from_chars(r.target.data(), r.target.data() + r.target.size(), id);
      if (ec != std::errc() || end != r.target.data() + r.target.size() || id <= 0)
        return {400, "'" + r.target + "' is not a client id (a positive integer)"};
      return carried_out(core_.cancel(now, id, "cancelled by the operator"),
                         "order " + r.target + " cancelling");
    }
    case ControlAction::kPause:
      return carried_out(
          core_.pause(now, r.target, r.cancel_orders),
          "strategy " + r.target + (r.cancel_orders ? " paused, its orders cancelling" : " paused"));
    case ControlAction::kResume:
      return carried_out(core_.resume(now, r.target), "strategy " + r.target + " resumed");
    case ControlAction::kHalt:
      if (core_.halted()) return {409, "already halted: " + core_.halt_reason()};
      return carried_out(core_.kill(now, "halted by the operator from " + r.remote),
                         "halted: every open order cancelling, nothing more placed");
    case ControlAction::kResumeTrading:
      return carried_out(core_.resume_trading(now), "trading again");
    case ControlAction::kReload: {
      if (!hooks_.reload) return {409, "reload is not available here"};
      const int swapped = hooks_.reload();
      return {200, "configuration reloaded: " + std::to_string(swapped) +
                       " strategies took new parameters (the log says why any did not)"};
    }
  }
  return {400, "unknown control"};
}

}  // namespace dealer::live
