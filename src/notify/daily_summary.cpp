#include "notify/daily_summary.h"

#include <map>

#include "core/json_writer.h"
#include "core/time_format.h"

namespace dealer::notify {
namespace {

std::string units(int64_t raw, std::string_view code) {
  auto currency = Currency::from_code(code);
  return currency ? format_units_trimmed(raw, currency->decimals()) : std::to_string(raw);
}

}  // namespace

int64_t next_utc_midnight(int64_t time_us) {
  int64_t day = time_us / kMicrosPerDay;
  if (time_us < 0 && time_us % kMicrosPerDay != 0) --day;
  return (day + 1) * kMicrosPerDay;
}

Result<Event> daily_summary(const engine::Pair& pair, int64_t day_start_us,
                            std::span<const store::FillRow> fills,
                            std::span<const store::BalanceRow> balances, std::optional<Price> last) {
  const std::string item(pair.item.code());
  const std::string quote(pair.quote.code());
  int count = 0;
  Amount bought, sold;
  Cost paid, received;
  std::map<std::string, int64_t> fees;
  for (const store::FillRow& f : fills) {
    if (f.time_us < day_start_us || f.time_us >= day_start_us + kMicrosPerDay) continue;
    auto cost = cost_of(Price(f.price_int), Amount(f.amount_int), pair.item.decimals());
    if (!cost) return cost.error();
    ++count;
    if (f.side == Side::kBid) {
      bought += Amount(f.amount_int);
      paid += *cost;
    } else {
      sold += Amount(f.amount_int);
      received += *cost;
    }
    fees[f.fee_currency] += f.fee_int;
  }
  std::optional<Cost> pnl;
  if (last || count == 0) {
    const Amount net_item = bought - sold - Amount(fees[item]);
    auto marked = cost_of(last.value_or(Price(0)), net_item, pair.item.decimals());
    if (!marked) return marked.error();
    pnl = received - paid - Cost(fees[quote]) + *marked;
  }

  const std::string day = format_utc(day_start_us / 1'000'000, "%Y-%m-%d");
  JsonWriter w;
  w.begin_object();
  w.key("day");
  w.string(day);
  w.key("pair");
  w.string(pair.code());
  w.key("fills");
  w.integer(count);
  w.key("bought");
  w.string(format_units_trimmed(bought.raw(), pair.item.decimals()));
  w.key("sold");
  w.string(format_units_trimmed(sold.raw(), pair.item.decimals()));
  w.key("fees");
  w.begin_object();
  std::string fee_text;
  for (const auto& [currency, raw] : fees) {
    if (raw == 0) continue;
    w.key(currency);
    w.string(units(raw, currency));
    fee_text += (fee_text.empty() ? "" : ", ") + units(raw, currency) + " " + currency;
  }
  w.end_object();
  w.key("pnl");
  if (pnl)
    w.string(format_units_trimmed(pnl->raw(), pair.quote.decimals()));
  else
    w.null();
  w.key("last_price");
  if (last)
    w.string(format_units_trimmed(last->raw(), pair.quote.decimals()));
  else
    w.null();
  w.key("balances");
  w.begin_object();
  std::string balance_text;
  for (const store::BalanceRow& b : balances) {
    w.key(b.currency);
    w.string(units(b.total_int, b.currency));
    balance_text += (balance_text.empty() ? "" : ", ") + units(b.total_int, b.currency) + " " + b.currency;
  }
  w.end_object();
  w.end_object();

  std::string text =
      "Daily summary " + day + " " + pair.code() + ": " + std::to_string(count) + " fills (bought " +
      format_units_trimmed(bought.raw(), pair.item.decimals()) + " " + item + ", sold " +
      format_units_trimmed(sold.raw(), pair.item.decimals()) + " " + item + "), fees " +
      (fee_text.empty() ? "none" : fee_text) + ", P&L " +
      (pnl ? format_units_trimmed(pnl->raw(), pair.quote.decimals()) + " " + quote : "unknown (no price)") +
      ", balances " + (balance_text.empty() ? "unknown" : balance_text);
  Event e;
  e.event = "daily_summary";
  e.id = "daily_summary-" + day;  // one per day, even if two runs both send it
  e.time_us = day_start_us + kMicrosPerDay;
  e.text = std::move(text);
  e.data = w.take();
  return e;
}

}  // namespace dealer::notify
