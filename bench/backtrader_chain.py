"""The chain of bench/backtest_chain.yaml in backtrader, for bench/backtrader_side_by_side.sh: the same
trades (MtGox CSV, one bar per trade), the same four rules as limit orders, a 0.6 % commission, cash
1000, and drawdown and Sharpe analyzers as dealer reports them. backtrader is not part of dealer: the
user installs it (python3 -m pip install backtrader). Prints the trades replayed and the seconds taken.
Usage: python3 bench/backtrader_chain.py TRADES.csv
"""
import csv
import datetime
import sys
import time

import backtrader as bt


class Trades(bt.feed.DataBase):
    params = (("path", None),)

    def start(self):
        super().start()
        self._file = open(self.p.path, newline="")
        self._rows = csv.reader(self._file)
        next(self._rows)  # id,price,amount,type

    def stop(self):
        self._file.close()

    def _load(self):
        row = next(self._rows, None)
        if row is None:
            return False
        tid, price, amount = int(row[0]), float(row[1]), float(row[2])
        when = datetime.datetime.fromtimestamp(tid / 1e6, datetime.timezone.utc).replace(tzinfo=None)
        self.lines.datetime[0] = bt.date2num(when)
        for line in (self.lines.open, self.lines.high, self.lines.low, self.lines.close):
            line[0] = price
        self.lines.volume[0] = amount
        return True


class Chain(bt.Strategy):
    # (side, trigger, level, limit, size), each armed once the one before has filled.
    RULES = [("buy", "<=", 13.05, 13.10, 2), ("sell", ">=", 13.90, 13.85, 2), ("buy", "<=", 13.02, 13.05, 1)]

    def __init__(self):
        self.rule = 0
        self.waiting = False

    def next(self):
        if self.waiting or self.rule >= len(self.RULES):
            return
        side, trigger, level, limit, size = self.RULES[self.rule]
        last = self.data.close[0]
        if (last <= level) if trigger == "<=" else (last >= level):
            order = self.buy if side == "buy" else self.sell
            order(exectype=bt.Order.Limit, price=limit, size=size)
            self.waiting = True

    def notify_order(self, order):
        if order.status == order.Completed:
            self.rule += 1
            self.waiting = False


def main():
    started = time.monotonic()
    cerebro = bt.Cerebro(stdstats=False)
    cerebro.adddata(Trades(path=sys.argv[1]))
    cerebro.addstrategy(Chain)
    cerebro.broker.setcash(1000.0)
    cerebro.broker.setcommission(commission=0.006)
    cerebro.addanalyzer(bt.analyzers.DrawDown)
    cerebro.addanalyzer(bt.analyzers.SharpeRatio, timeframe=bt.TimeFrame.Days)
    strategy = cerebro.run()[0]
    print(f"backtrader: {len(strategy.data)} trades in {time.monotonic() - started:.2f} s, "
          f"value {cerebro.broker.getvalue():.5f}")


if __name__ == "__main__":
    main()
