#include "store/sqlite.h"

#include <sqlite3.h>

namespace dealer::store {

Error sqlite_error(int code, std::string_view doing, std::string_view message) {
  const Errc errc = (code & 0xff) == SQLITE_CONSTRAINT ? Errc::kInvalidArgument : Errc::kIo;
  return make_error(
      errc, std::string(doing) + ": " + std::string(message) + " (SQLite code " + std::to_string(code) + ")");
}

namespace {

// A statement's first three words ("INSERT INTO trades", "UPDATE orders SET") name it well enough in an
// error message; the full text with its column lists would drown the reason.
std::string_view statement_label(std::string_view sql) {
  size_t end = 0;
  for (int words = 0; words < 3 && end != std::string_view::npos; ++words) {
    end = sql.find(' ', words == 0 ? 0 : end + 1);
  }
  return sql.substr(0, end);
}

}  // namespace

Query::~Query() {
  if (stmt_ == nullptr) return;
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

Query& Query::bind(int index, int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Query& Query::bind(int index, std::string_view text) {
  // SQLITE_TRANSIENT: SQLite copies the text, so a temporary argument is safe.
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}

Query& Query::bind(int index, std::optional<std::string_view> text) {
  return text ? bind(index, *text) : bind_null(index);
}

Query& Query::bind(int index, std::optional<int64_t> value) {
  return value ? bind(index, *value) : bind_null(index);
}

Query& Query::bind_null(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

Result<bool> Query::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return db_->last_error(statement_label(sqlite3_sql(stmt_)));
}

Status Query::run() {
  for (;;) {
    auto row = step();
    if (!row) return std::move(row).error();
    if (!*row) return {};
  }
}

bool Query::is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

int64_t Query::int64(int column) const { return sqlite3_column_int64(stmt_, column); }

std::optional<int64_t> Query::optional_int64(int column) const {
  if (is_null(column)) return std::nullopt;
  return int64(column);
}

std::string Query::text(int column) const {
  const auto* bytes = sqlite3_column_text(stmt_, column);
  if (bytes == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(bytes), sqlite3_column_bytes(stmt_, column));
}

void Database::Closer::operator()(sqlite3* db) const { sqlite3_close_v2(db); }
void Database::Finalizer::operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }

Database::Database(std::unique_ptr<sqlite3, Closer> handle, std::string path)
    : path_(std::move(path)), handle_(std::move(handle)) {}
Database::Database(Database&&) noexcept = default;
Database& Database::operator=(Database&&) noexcept = default;
Database::~Database() = default;

Result<Database> Database::open(const std::string& path, Access access) {
  int flags =
      (access == Access::kReadOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) | SQLITE_OPEN_NOMUTEX;
  if (access == Access::kReadWriteCreate) flags |= SQLITE_OPEN_CREATE;
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  std::unique_ptr<sqlite3, Closer> handle(raw);
  if (rc != SQLITE_OK) {
    const std::string message = raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
    Error error = sqlite_error(rc, "opening " + path, message);
    if (rc == SQLITE_CANTOPEN && access != Access::kReadWriteCreate) error.code = Errc::kNotFound;
    return error;
  }
  sqlite3_extended_result_codes(raw, 1);
  Database db(std::move(handle), path);
  // Another connection (the history reader, an sqlite3 shell) may hold a lock for a moment.
  if (Status s = db.exec("PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON"); !s) return s.error();
  return db;
}

Status Database::exec(std::string_view sql) {
  const std::string text(sql);
  if (sqlite3_exec(handle_.get(), text.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
    return last_error(statement_label(text));
  }
  return {};
}

Result<Query> Database::prepare(std::string_view sql) {
  auto it = statements_.find(std::string(sql));
  if (it == statements_.end()) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(handle_.get(), sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                           &stmt, nullptr) != SQLITE_OK) {
      return last_error("preparing " + std::string(statement_label(sql)));
    }
    it = statements_.emplace(std::string(sql), std::unique_ptr<sqlite3_stmt, Finalizer>(stmt)).first;
  }
  return Query(*this, it->second.get());
}

Result<int64_t> Database::query_int(std::string_view sql) {
  auto query = prepare(sql);
  if (!query) return std::move(query).error();
  auto row = query->step();
  if (!row) return std::move(row).error();
  if (!*row) return make_error(Errc::kIo, std::string(sql) + " returned no row");
  return query->int64(0);
}

Error Database::last_error(std::string_view doing) const {
  return sqlite_error(sqlite3_extended_errcode(handle_.get()), std::string(doing) + " on " + path_,
                      sqlite3_errmsg(handle_.get()));
}

int Database::changes() const { return sqlite3_changes(handle_.get()); }

bool Database::in_transaction() const { return sqlite3_get_autocommit(handle_.get()) == 0; }

}  // namespace dealer::store
