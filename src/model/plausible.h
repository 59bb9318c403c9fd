// Plausibility checks at the edge: values no exchange can truly report (a negative or zero price, a
// zero amount, a negative balance, a date before Bitcoin or after 2100, an unsorted or crossed depth
// side). Each check says what is wrong, naming the value, or nothing when the value may be true. The
// exchange codecs apply them where an answer becomes the domain model, so an impossible value never
// reaches the store or a strategy (the store's CHECK constraints stay as the last line). They say
// nothing about consistency between answers (a fill larger than its order): that is the order
// manager's business. Pure functions, any thread.
#pragma once

#include <optional>
#include <string>

#include "model/implausible_error.h"
#include "model/model.h"

namespace dealer {

// Unix seconds an exchange's date may take: from the Bitcoin genesis block (2009-01-03) to 2100-01-01.
inline constexpr int64_t kEarliestDate = 1'230'940'800;
inline constexpr int64_t kLatestDate = 4'102'444'800;

// A public trade: tid > 0, price > 0, amount > 0, date within range.
std::optional<std::string> implausible(const Trade& t);
// One of the account's fills (own trades, order/result): as a trade, and a fee >= 0.
std::optional<std::string> implausible(const OwnTrade& t);
// An open order: amount > 0, effective amount >= 0, a limit price > 0.
std::optional<std::string> implausible(const Order& o);
// A wallet: total >= 0 and held by open orders >= 0.
std::optional<std::string> implausible(const Balance& b);
// A ticker: no price or volume below zero (zero is how an exchange says "none", e.g. an empty side).
std::optional<std::string> implausible(const Ticker& t);
// A depth snapshot: every level's price and amount > 0, asks strictly ascending, bids strictly
// ascending (as MtGox and the simulator send them) or strictly descending, best bid below best ask.
std::optional<std::string> implausible(const Depth& d, Currency currency);

}  // namespace dealer
