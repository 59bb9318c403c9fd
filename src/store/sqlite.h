// RAII over the SQLite C API: a connection (Database) with a cache of prepared statements, and a borrowed
// statement (Query) that resets itself when it goes out of scope. Every failure becomes an Error: a
// constraint violation is Errc::kInvalidArgument (the data was refused; the connection is fine), anything
// else Errc::kIo with SQLite's own message (disk full, I/O error, busy, corrupt).
// Not thread-safe: one Database per thread (SQLite handles are opened without a shared cache).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace dealer::store {

class Database;

// A cached prepared statement lent out for one use. Bind parameters (1-based), step, read columns.
class Query {
 public:
  Query(Database& db, sqlite3_stmt* stmt) : db_(&db), stmt_(stmt) {}
  Query(Query&& other) noexcept : db_(other.db_), stmt_(other.stmt_) { other.stmt_ = nullptr; }
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;
  ~Query();

  Query& bind(int index, int64_t value);
  Query& bind(int index, std::string_view text);
  // Exact matches, so neither is ambiguous between string_view and optional<string_view>.
  Query& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
  Query& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
  // nullopt binds NULL (optional columns such as exchange_id or best_bid_int).
  Query& bind(int index, std::optional<std::string_view> text);
  Query& bind(int index, std::optional<int64_t> value);
  Query& bind_null(int index);
  // Binds each argument in turn from parameter 1.
  template <class... Args>
  Query& bind_all(const Args&... args) {
    int index = 0;
    (bind(++index, args), ...);
    return *this;
  }

  // True while a row is available; false when done.
  Result<bool> step();
  // Runs to completion (for statements that return no rows).
  Status run();

  bool is_null(int column) const;
  int64_t int64(int column) const;
  std::optional<int64_t> optional_int64(int column) const;
  std::string text(int column) const;  // NULL reads as ""

 private:
  Database* db_;
  sqlite3_stmt* stmt_;
};

class Database {
 public:
  // kReadOnly (SQLITE_OPEN_READONLY) can never change the file: for the commands that only read.
  enum class Access { kReadWriteCreate, kReadWrite, kReadOnly };

  static Result<Database> open(const std::string& path, Access access);
  Database(Database&&) noexcept;
  Database& operator=(Database&&) noexcept;
  ~Database();

  // Runs one or more statements without results (schema, PRAGMAs, BEGIN/COMMIT).
  Status exec(std::string_view sql);
  // The cached statement for `sql` (prepared on first use).
  Result<Query> prepare(std::string_view sql);
  // Runs one cached statement without results, its parameters bound from `args` (INSERT, SAVEPOINT,
  // COMMIT, ... on the hot path).
  template <class... Args>
  Status run(std::string_view sql, const Args&... args) {
    auto query = prepare(sql);
    if (!query) return std::move(query).error();
    query->bind_all(args...);
    return query->run();
  }
  // A single integer answer, e.g. "PRAGMA user_version".
  Result<int64_t> query_int(std::string_view sql);

  // The Error for SQLite's current error state, prefixed with what was being done.
  Error last_error(std::string_view doing) const;
  int changes() const;
  bool in_transaction() const;
  const std::string& path() const { return path_; }

 private:
  struct Closer {
    void operator()(sqlite3* db) const;
  };
  struct Finalizer {
    void operator()(sqlite3_stmt* stmt) const;
  };
  Database(std::unique_ptr<sqlite3, Closer> handle, std::string path);

  std::string path_;
  std::unique_ptr<sqlite3, Closer> handle_;
  // Declared after handle_ so statements are finalized before the connection closes.
  std::unordered_map<std::string, std::unique_ptr<sqlite3_stmt, Finalizer>> statements_;
};

// An optional text column: NULL for "".
inline std::optional<std::string_view> or_null(std::string_view text) {
  if (text.empty()) return std::nullopt;
  return text;
}

// The Error for an SQLite result code: kInvalidArgument for a constraint violation, else kIo.
Error sqlite_error(int code, std::string_view doing, std::string_view message);

}  // namespace dealer::store
