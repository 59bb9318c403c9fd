#!/usr/bin/env python3
"""Independent check of tests/backtest/gateway_arbitrage_backtest_test.cpp: config/gateway_arbitrage.yaml
over the bundled tape, recomputed from the CSV without the program. Per trade: the working buy fills
first (through: at its limit on a trade strictly below it, up to the trade's amount; fee 0.6 % of the
notional, half away from zero); then the round's step: in flight -> completed once 600 s have passed
since the deposit; buying -> cancelled once open more than 60 s (what filled is deposited); idle -> a
round if the edge at the last price is above 1 % of the cost. Run: python3 tests/backtest/gateway_arbitrage_backtest_check.py"""
import csv, sys
from decimal import Decimal, ROUND_HALF_UP

def half(x):
    return int(Decimal(x).quantize(Decimal(1), rounding=ROUND_HALF_UP))

ASK, ASK_FEE, ASK_MAX, TRANSFER, AMOUNT = 7_400_000, Decimal("0.5"), 200_000_000, 50_000, 300_000_000
amount = min(AMOUNT, ASK_MAX + TRANSFER)  # bounded by the gateway's maximum: 2.0005 BTC

def payout(deposit):  # bitUSD units for a BTC deposit at ask, less the ask fee (market/gateway_quote.h)
    base = half(Decimal(deposit) * 10**8 / ASK)
    return base - half(Decimal(base) * ASK_FEE / 100)

rows = list(csv.DictReader(open(sys.argv[1] if len(sys.argv) > 1 else "data/mtgox-trades-btcusd-2013-01-01.csv")))
usd, btc, fees, fills = 100_000_000, 0, 0, 0
step, order, deposit, received, rounds = "idle", None, None, 0, 0

def end_buy(now):
    global step, deposit, order
    filled = order["amount"] - order["left"]
    order = None
    if filled > 0:
        deposit = (now, filled - TRANSFER); step = "flight"
        print(f"  deposit {filled - TRANSFER}")
    else:
        step = "idle"

for r in rows:
    now, price = int(r["id"]), half(Decimal(r["price"]) * 10**5)
    amt = int(Decimal(r["amount"]) * 10**8)
    if order and price < order["limit"]:
        q = min(order["left"], amt)
        c = half(Decimal(order["limit"]) * q / 10**8)
        f = half(Decimal(c) * Decimal("0.6") / 100)
        usd -= c + f; btc += q; fees += f; fills += 1; order["left"] -= q
        if order["left"] == 0: end_buy(now)
    if step == "flight":
        if now >= deposit[0] + 600 * 10**6:
            received += payout(deposit[1]); rounds += 1; step = "idle"
            print(f"{r['id']} completed")
    elif step == "buying":
        if now - order["placed"] > 60 * 10**6:
            print(f"{r['id']} timeout"); end_buy(now)
    else:
        limit = price + half(Decimal(price) * Decimal("0.1") / 100)
        notional = half(Decimal(limit) * amount / 10**8)
        cost = notional + half(Decimal(notional) * Decimal("0.6") / 100)
        value = half(Decimal(payout(amount - TRANSFER)) / 1000)
        if (value - cost) * 100 > 1 * cost:
            order = {"limit": limit, "amount": amount, "left": amount, "placed": now}; step = "buying"
            print(f"{r['id']} round at last {price}: buy {amount} at {limit}, cost {cost}, value {value}, edge {value - cost}")
print(f"fills {fills} fees {fees} usd {usd} btc {btc} rounds {rounds} received {received}")
print(f"pnl {usd + half(Decimal(price) * btc / 10**8) - 100_000_000}")
