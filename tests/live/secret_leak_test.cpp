// No API secret in anything `dealer run` leaves behind: its log (debug level), its SQLite history (with
// the -wal and -shm files and the nonce file, every file of its directory), and what it printed when it
// crashed (SIGSEGV: dealer has no crash handler, so that is its stderr up to the crash). Checked for
// every form a secret could take on the way: the base64 text MtGox issues (with and without padding,
// and percent-encoded as in a form body), the raw key bytes, and their hex in either case. The journal
// of the exchange's answers (exchange/journal.h, compressed) is read entry by entry as well, and holds
// neither the API key nor a signature header. Two runs:
// one that trades the dip chain against the simulator and then crashes, and one whose secret the
// simulator refuses (every signed call fails and is logged as an error: where leaks usually hide).
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "core/crypto.h"
#include "core/form.h"
#include "exchange/journal.h"
#include "support/bot_process.h"
#include "support/sim_process.h"
#include "support/test_accounts.h"

namespace dealer::live {
namespace {

using namespace std::chrono_literals;
using testing::BotProcess;
using testing::SimProcess;

// Every form of `secret_base64` looked for.
std::vector<std::string> forms_of(const std::string& secret_base64) {
  const std::string raw = *base64_decode(secret_base64);
  std::string hex_lower, hex_upper;
  for (const unsigned char c : raw) {
    static constexpr char kLower[] = "0123456789abcdef";
    static constexpr char kUpper[] = "0123456789ABCDEF";
    hex_lower += {kLower[c >> 4], kLower[c & 15]};
    hex_upper += {kUpper[c >> 4], kUpper[c & 15]};
  }
  std::string unpadded = secret_base64;
  while (!unpadded.empty() && unpadded.back() == '=') unpadded.pop_back();
  const std::string form = encode_form({{"s", secret_base64}}).substr(2);  // after "s="
  return {secret_base64, unpadded, form, raw, hex_lower, hex_upper};
}

// A journal file's entries as JSON lines, checked for the key and the signature header on the way; the
// first run dies of SIGSEGV, so its file may end inside an entry (what came before it is read).
std::string journal_text(const std::string& path) {
  std::string text;
  int64_t entries = 0;
  (void)read_journal(path, [&](const JournalEntry& e) {
    ++entries;
    text += encode_json(e) + "\n";
  });
  EXPECT_GT(entries, 0) << path;
  EXPECT_EQ(text.find(testing::kAliceKey), std::string::npos) << path << " holds the API key";
  EXPECT_EQ(text.find("Rest-Sign"), std::string::npos) << path;
  EXPECT_NE(text.find("generic/private/info"), std::string::npos) << path << " lacks the private calls";
  return text;
}

// Fails naming the file and the form for each occurrence of any form in any file under `dir`.
void expect_no_secret_in(const std::string& dir, const std::string& secret_base64) {
  const auto forms = forms_of(secret_base64);
  int files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    ++files;
    std::ifstream in(entry.path(), std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (entry.path().string().ends_with(".jsonl.zst")) bytes += journal_text(entry.path().string());
    for (size_t i = 0; i < forms.size(); ++i)
      EXPECT_EQ(bytes.find(forms[i]), std::string::npos)
          << entry.path() << " holds form " << i << " of the secret";
  }
  EXPECT_GE(files, 4) << "expected the log, the database and its companions in " << dir;
}

TEST(SecretLeak, NoSecretInLogsHistoryOrCrashOutput) {
  SimProcess sim(testing::chain_sim_config());
  testing::TempDir dir;
  const std::string store_path = dir.path + "/dealer.sqlite";
  const std::string config = testing::chain_bot_config(sim.port(), store_path);
  {
    BotProcess bot(dir.path, config, testing::kAliceKey, testing::kAliceSecret);
    // Until buy-dip (client id 2) has filled: signed places, order results and own trades have all
    // been through the client, its log and the store (about 6 s of replay: the test's reason to be slow).
    const auto buy_dip_filled = [&] {
      const auto orders = testing::stored_orders(store_path);
      return orders.count("2") && orders.at("2").state == "filled";
    };
    const auto deadline = std::chrono::steady_clock::now() + 40s;
    while (!buy_dip_filled() && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(100ms);
    ASSERT_TRUE(buy_dip_filled()) << bot.log();
    bot.signal(SIGSEGV);
    EXPECT_EQ(bot.wait(10s), -1) << bot.log();  // died of the signal
  }
  // Bob's secret for alice's key: the simulator refuses every signature.
  {
    BotProcess bot(dir.path, config, testing::kAliceKey, testing::kBobSecret);
    std::this_thread::sleep_for(2s);
    bot.signal(SIGTERM);
    bot.wait(10s);
    EXPECT_NE(bot.log().find("error"), std::string::npos) << "expected refused calls in the log:\n"
                                                          << bot.log();
  }
  int journals = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir.path))
    journals += entry.path().string().ends_with(".jsonl.zst");
  EXPECT_GE(journals, 1) << "no journal beside the history";
  expect_no_secret_in(dir.path, testing::kAliceSecret);
  expect_no_secret_in(dir.path, testing::kBobSecret);
}

}  // namespace
}  // namespace dealer::live
