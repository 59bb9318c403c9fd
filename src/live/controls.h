// Controls: what the operator's POSTs to the dashboard's API do (docs/dashboard.md): cancel one order,
// pause a strategy (and cancel its orders, if asked), resume it, the kill switch, trading again after
// it, reload the configuration. Each goes through the core's own calls (engine::Core::pause, kill, ...)
// whose effects the driver carries out like any others (LiveDriver::carry_out), so a halt here is the
// risk limits' halt. Every control, carried out or refused, is a row in the history's `controls` table
// (when, what, from which address, what came of it) and a log line.
//
// Ownership: holds references to the core and the store and the functions it is given; they must
// outlive it. Not thread-safe: call it on the driver's thread (the status server's handler runs there).
#pragma once

#include <functional>
#include <span>
#include <string>

#include "core/clock.h"
#include "engine/core.h"
#include "store/store.h"

namespace dealer::live {

enum class ControlAction { kCancel, kPause, kResume, kHalt, kResumeTrading, kReload };

struct ControlRequest {
  ControlAction action = ControlAction::kHalt;
  std::string target;          // the order's client id (kCancel) or the strategy's id (kPause, kResume)
  bool cancel_orders = false;  // kPause: cancel the strategy's open orders too
  std::string remote;          // the client's address, for the record
};

struct ControlOutcome {
  int status = 200;  // HTTP: 200 done, 400 malformed, 404 no such order or strategy, 409 not now
  std::string message;
};

struct ControlHooks {
  std::function<void(std::span<const engine::Effect>)> carry_out;  // LiveDriver::carry_out
  std::function<int()> reload;  // ConfigReload::reload: how many strategies took new parameters
};

class Controls {
 public:
  Controls(engine::Core& core, store::Store& store, const Clock& wall, ControlHooks hooks);

  ControlOutcome apply(const ControlRequest& request);

 private:
  ControlOutcome run(const ControlRequest& request, WallTime now);
  ControlOutcome carried_out(Result<std::span<const engine::Effect>> effects, std::string done);

  engine::Core& core_;
  store::Store& store_;
  const Clock& wall_;
  ControlHooks hooks_;
};

// The name of the action as the history stores it: cancel, pause, pause_and_cancel, resume, halt,
// resume_trading, reload.
std::string control_name(const ControlRequest& request);

}  // namespace dealer::live
