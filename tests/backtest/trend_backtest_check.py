#!/usr/bin/env python3
"""Independent check of tests/backtest/trend_backtest_test.cpp: config/trend.yaml over the bundled tape,
recomputed from the CSV without the program. Seconds EMAs (alpha = 1 - exp(-dt/N), seeded by the first
trade, warm once `slow` seconds of tape are seen), crossovers, the trailing stop, limit prices at
last +/- slippage (half away from zero), and the shared fill model (through: a buy fills at its limit
on a later trade strictly below it, a sell strictly above, up to each trade's amount; fee 0.6 % of the
notional, half away from zero). Run: python3 tests/backtest/trend_backtest_check.py"""
import csv, math, sys
from decimal import Decimal, ROUND_HALF_UP

FAST, SLOW, AMOUNT, SLIP, STOP, FEE = 1800, 7200, 200_000_000, Decimal("0.2"), Decimal("1.0"), Decimal("0.6")

def pct(raw, p):  # percent_of: half away from zero (raw >= 0 here)
    return int((Decimal(raw) * p / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))

def cost(price, amount):  # price (1e-5) x amount (1e-8) in 1e-5 units, half away from zero
    return int((Decimal(price) * amount / 10**8).quantize(Decimal(1), rounding=ROUND_HALF_UP))

rows = list(csv.DictReader(open(sys.argv[1] if len(sys.argv) > 1 else "data/mtgox-trades-btcusd-2013-01-01.csv")))
fast = slow = None
first = last_date = None
above = 0
held, peak, owed = 0, 0, False
order = None  # [side, limit, remaining]
usd, btc, fees, fills, orders = 100_000_000, 0, 0, 0, 0
for r in rows:
    price = int(Decimal(r["price"]) * 10**5)
    amount = int(Decimal(r["amount"]) * 10**8)
    date = int(r["id"]) // 10**6
    # 1. the working order fills against this trade
    if order and (price < order[1] if order[0] == "buy" else price > order[1]):
        q = min(order[2], amount)
        c = cost(order[1], q)
        f = pct(c, FEE)
        fees += f
        fills += 1
        order[2] -= q
        if order[0] == "buy":
            usd -= c + f; btc += q; held += q; peak = max(peak, order[1])
        else:
            usd += c - f; btc -= q; held -= q
            if held == 0: peak, owed = 0, False
        print(f"{r['id']} fill {order[0]} {q} at {order[1]} fee {f}")
        if order[2] == 0: order = None
    # 2. the strategy sees the trade
    if first is None: first = date
    for name, n in (("fast", FAST), ("slow", SLOW)):
        a = 1 - math.exp(-max(0, date - (last_date if last_date is not None else date)) / n)
        v = globals()[name]
        globals()[name] = price if v is None else v + a * (price - v)
    last_date = date
    if held > 0: peak = max(peak, price)
    rel = 0 if date - first < SLOW or fast == slow else (1 if fast > slow else -1)
    up, down = rel == 1 and above == -1, rel == -1 and above == 1
    if rel: above = rel
    stop = not owed and held > 0 and price <= peak - pct(peak, STOP)
    if up:
        owed = False
        if order is None and held == 0:
            order = ["buy", price + pct(price, SLIP), AMOUNT]; orders += 1
            print(f"{r['id']} cross up at {price}: buy {AMOUNT} at {order[1]}")
    elif (down or stop) and not owed and held > 0 and order is None:
        owed = True
        order = ["sell", price - pct(price, SLIP), held]; orders += 1
        print(f"{r['id']} {'cross down' if down else 'stop (peak %d)' % peak} at {price}: sell {held} at {order[1]}")
    elif (down or stop) and order is not None:
        sys.exit("a signal with a working order: extend this check")
print(f"orders {orders} fills {fills} fees {fees} usd {usd} btc {btc} last {price}")
print(f"pnl {usd + cost(price, btc) - 100_000_000}")
