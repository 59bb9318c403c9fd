#include "live/stop_signals.h"

#include <pthread.h>

namespace dealer::live {

HeldSignals::HeldSignals() {
  sigemptyset(&set_);
  sigaddset(&set_, SIGINT);
  sigaddset(&set_, SIGTERM);
  sigaddset(&set_, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &set_, nullptr);
}

void HeldSignals::release() {
  if (!held_) return;
  held_ = false;
  pthread_sigmask(SIG_UNBLOCK, &set_, nullptr);
}

}  // namespace dealer::live
