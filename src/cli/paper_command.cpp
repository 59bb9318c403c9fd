// dealer paper --config FILE [--log-level L]: the bot on live market data with a paper account. The
// configuration is dealer run's (config/run.yaml) plus the `backtest:` block of config/backtest.yaml
// for the paper account (balances, fee_percent, latency_ms, fill_model); config/paper.yaml is an
// example. The exchange is live::PaperExchange over the MtGox client made WITHOUT key or secret, so no
// private call can be made; orders fill locally by the shared fill model. The rest is dealer run's
// (run_command.cpp, cli/bot_run.h), with every history row marked paper.
//
// A restart continues the paper account (README "Paper trading: dealer paper"): balances are the
// config's start balances moved by every paper fill in the store; orders that were open rest again.
#include <boost/asio/post.hpp>
#include <memory>

#include "backtest/config.h"
#include "cli/bot_run.h"
#include "cli/commands.h"
#include "exchange/mtgox/client.h"
#include "live/logging.h"
#include "live/paper_exchange.h"
#include "live/store_rows.h"

namespace dealer::cli {
namespace {

// The paper account's exchange: the market data of the configured exchange, keyless.
Result<std::unique_ptr<live::PaperExchange>> paper_exchange(boost::asio::io_context& io,
                                                            const live::BotConfig& config,
                                                            const std::string& config_path, const Clock& wall,
                                                            Scheduler& scheduler, AttemptObserver observer,
                                                            JournalSink journal) {
  auto account = backtest::load_backtest_block(config_path);
  if (!account) return account.error();
  mtgox::ClientOptions o;
  o.base_url = config.base_url;
  o.currency = config.pair.quote;
  o.scheduler = &scheduler;  // no key, no secret, no nonce file: public calls only
  o.observer = std::move(observer);
  o.journal = std::move(journal);
  o.warn = live::log_warn;
  auto client = mtgox::Client::create(io, std::move(o), wall);
  if (!client) return client.error();

  live::PaperOptions p;
  p.fills.item = config.pair.item;
  p.fills.quote = config.pair.quote;
  p.fills.rule = account->rule;
  p.fills.fee_percent = account->fee_percent;
  p.fills.latency = account->latency;
  p.balances = account->balances;
  p.id_prefix = "paper-" + std::to_string(wall.now_us()) + "-";
  auto post = [&io](std::function<void()> task) { boost::asio::post(io, std::move(task)); };
  return std::make_unique<live::PaperExchange>(std::move(*client), post, std::move(p));
}

// Every paper fill the store holds, for the paper account's balances.
Result<std::vector<engine::Fill>> paper_fills(store::HistoryReader& reader) {
  auto rows = reader.fills_since(0);
  if (!rows) return rows.error();
  std::vector<engine::Fill> fills;
  for (const store::FillRow& row : *rows) {
    if (row.mode != store::RunMode::kPaper) continue;
    auto fill = live::fill_record(row);
    if (!fill) return fill.error();
    fills.push_back(std::move(*fill));
  }
  return fills;
}

int run_paper(const BotOptions& options) {
  auto paper = std::make_shared<live::PaperExchange*>(nullptr);
  BotKind kind;
  kind.command = "paper";
  kind.mode = store::RunMode::kPaper;
  kind.exchange_name = "mtgox-paper";  // its own trade cursor: the paper account's place on the tape
  kind.backtest_block = true;
  kind.make_exchange = [&options, paper](boost::asio::io_context& io, const live::BotConfig& config,
                                         const Clock& wall, Scheduler& scheduler, AttemptObserver observer,
                                         JournalSink journal) -> Result<std::unique_ptr<Exchange>> {
    auto exchange =
        paper_exchange(io, config, options.config, wall, scheduler, std::move(observer), std::move(journal));
    if (!exchange) return exchange.error();
    *paper = exchange->get();
    return std::unique_ptr<Exchange>(std::move(*exchange));
  };
  kind.restore = [paper](store::HistoryReader& reader, const live::Restored& restored) -> Status {
    auto fills = paper_fills(reader);
    if (!fills) return fills.error();
    live::log_info("paper account: " + std::to_string(fills->size()) + " earlier paper fills, " +
                   std::to_string(restored.orders.size()) + " unsettled paper orders");
    return (*paper)->restore(*fills, restored.orders, restored.trades_cursor);
  };
  return run_bot(options, kind);
}

}  // namespace

void add_paper_command(CommandLine& cli) {
  auto o = std::make_shared<BotOptions>();
  Command c = cli.add("paper", "Run the trading bot on live market data with a paper account (no keys).");
  add_bot_options(c, *o, "dealer run's configuration plus a backtest: block (see config/paper.yaml)");
  c.details(
      "Market data comes from exchange.base_url without any key; orders fill locally against the\n"
      "trades it reports, by the backtest's fill model, from the backtest: block's balances. The\n"
      "history rows are marked paper; a restart continues the paper account (balances and open\n"
      "orders, see README). Exit codes: 0 stopped by a signal, 1 store failure, 2 configuration error.");
  c.on_run([o] { return run_paper(*o); });
}

}  // namespace dealer::cli
