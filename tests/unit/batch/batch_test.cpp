#include "shebao/batch/batch.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <sstream>

#include "shebao/service/service.h"
#include "shebao/store/audit_store.h"
#include "../store/test_util.h"

namespace shebao::batch {
namespace test = store::test;
using store::AuditStore;
namespace {

std::string profile(int i, bool bad = false) {
  const char* rel[] = {"employee", "part_time", "platform_managed", "self_employed", "dispatched", "outsourced"};
  std::string birth = std::to_string(1960 + i % 45) + "-0" + std::to_string(1 + i % 9);
  if (bad) birth = "1990-13";
  return R"({"person":{"birth":")" + birth + R"(","sex":")" + (i % 2 ? "female" : "male") +
         R"(","hukou":{"region":"530902"}},"work":{"region":"530102","relationship":")" + rel[i % 6] + "\"}}";
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    out.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return out;
}

std::uint64_t line_no(const std::string& out_line) {
  return std::stoull(out_line.substr(8, out_line.find(',') - 8));
}

class Batch : public ::testing::Test {
 protected:
  void SetUp() override {
    set_ = load_policies(test::fixture_dir()).set;
    ASSERT_TRUE(set_);
    opt_.today = *Date::parse("2026-11-28");
    opt_.threads = 4;
    opt_.chunk = 3;  // many small chunks: the ordered writer has work to do
  }
  BatchSummary run(const BatchOptions& o) { return run_batch(set_, o, stop_, log_); }

  test::TempDir dir_;
  std::shared_ptr<const PolicySet> set_;
  BatchOptions opt_;
  std::atomic<int> stop_{0};
  std::ostringstream log_;
};

TEST_F(Batch, JsonlInOrderWithBadLinesReported) {
  std::string in;
  for (int i = 1; i <= 200; ++i) in += (i % 17 == 0 ? (i % 34 == 0 ? std::string("{not json") : profile(i, true)) : profile(i)) + "\n";
  in += "\n   \n";  // blank lines are skipped
  test::write_file(dir_.file("in.jsonl"), in);
  opt_.input = dir_.file("in.jsonl");
  BatchSummary s = run(opt_);
  EXPECT_TRUE(s.complete);
  EXPECT_EQ(s.lines, 200u);
  EXPECT_EQ(s.bad, 11u);
  EXPECT_EQ(s.ok, 189u);
  EXPECT_EQ(s.blank, 2u);
  EXPECT_EQ(s.output, dir_.file("in.out.jsonl"));
  std::vector<std::string> out = lines_of(test::read_file(s.output));
  ASSERT_EQ(out.size(), 200u);
  for (std::size_t i = 0; i < out.size(); ++i) {
    EXPECT_EQ(line_no(out[i]), i + 1);
    const bool bad = (i + 1) % 17 == 0;
    EXPECT_EQ(out[i].find("\"errors\":[{\"path\":") != std::string::npos, bad) << out[i].substr(0, 120);
    EXPECT_EQ(out[i].rfind("{\"line\":" + std::to_string(i + 1) + (bad ? ",\"errors\":" : ",\"result\":"), 0), 0u);
  }
  EXPECT_NE(log_.str().find("in.jsonl:17: person.birth:"), std::string::npos) << log_.str();
  EXPECT_NE(log_.str().find("in.jsonl:34: 1:"), std::string::npos) << log_.str();
}

TEST_F(Batch, CsvQuotingAndLineNumbers) {
  const std::string csv =
      "\xEF\xBB\xBFperson.birth,person.sex,person.hukou.region,work.region,work.relationship,work.platform\r\n"
      "1994-07,male,\"530902\",530102,platform_managed,meituan\r\n"
      "\"1990-01\",\"female\",530902,\"530102\",employee,\"mei,tuan\"\r\n"  // the comma stays in the cell
      "1990-01,female,530902,530102,employee,\"two\nlines\"\r\n"          // a record over two lines
      "1990-01,female,530902,530102\r\n"                                    // too few cells
      "\r\n"
      "1990-01,female,530902,530102,employee,\"un\"closed\r\n"
      "1985-05,male,530902,530102,self_employed,\r\n";
  test::write_file(dir_.file("in.csv"), csv);
  opt_.input = dir_.file("in.csv");
  BatchSummary s = run(opt_);
  EXPECT_TRUE(s.complete);
  std::vector<std::string> out = lines_of(test::read_file(s.output));
  ASSERT_EQ(out.size(), 6u);
  std::vector<std::uint64_t> nos;
  for (const auto& l : out) nos.push_back(line_no(l));
  EXPECT_EQ(nos, (std::vector<std::uint64_t>{2, 3, 4, 6, 8, 9}));
  EXPECT_NE(out[0].find("\"result\""), std::string::npos);
  EXPECT_NE(out[1].find("\"path\":\"work.platform\",\"code\":\"invalid_platform\""), std::string::npos) << out[1];
  EXPECT_NE(out[2].find("\"path\":\"work.platform\""), std::string::npos) << out[2];
  EXPECT_NE(out[3].find("\"code\":\"csv_cells\""), std::string::npos) << out[3];
  EXPECT_NE(out[4].find("\"code\":\"csv_syntax\""), std::string::npos) << out[4];
  EXPECT_NE(out[5].find("\"result\""), std::string::npos) << out[5];
  EXPECT_EQ(s.ok, 2u);
  EXPECT_EQ(s.bad, 4u);
}

TEST_F(Batch, UnterminatedQuoteDoesNotSwallowTheRest) {
  test::write_file(dir_.file("q.csv"),
                   "person.birth,person.sex,person.hukou.region,work.region,work.relationship\n"
                   "1990-01,female,\"530902,530102,employee\n"
                   "1985-05,male,530902,530102,self_employed\n"
                   "1986-05,male,530902,530102,part_time\n");
  opt_.input = dir_.file("q.csv");
  BatchSummary s = run(opt_);
  std::vector<std::string> out = lines_of(test::read_file(s.output));
  ASSERT_EQ(out.size(), 3u);
  EXPECT_NE(out[0].find("csv_syntax"), std::string::npos);
  EXPECT_EQ(line_no(out[1]), 3u);
  EXPECT_NE(out[1].find("\"result\""), std::string::npos);
  EXPECT_EQ(line_no(out[2]), 4u);
}

TEST_F(Batch, BadCsvHeaderIsUsageError) {
  test::write_file(dir_.file("h.csv"), "person.birth,person.sexx\n1990-01,male\n");
  opt_.input = dir_.file("h.csv");
  try {
    run(opt_);
    FAIL();
  } catch (const BatchError& e) {
    EXPECT_EQ(e.exit_code, 2);
    EXPECT_NE(std::string(e.what()).find("person.sexx"), std::string::npos);
  }
  EXPECT_FALSE(std::filesystem::exists(dir_.file("h.out.jsonl")));
}

TEST_F(Batch, ResumesAfterPartialOutput) {
  std::string in;
  for (int i = 1; i <= 100; ++i) in += profile(i) + "\n";
  test::write_file(dir_.file("in.jsonl"), in);
  opt_.input = dir_.file("in.jsonl");
  opt_.audit = dir_.file("audit.sqlite");
  BatchSummary s = run(opt_);
  ASSERT_TRUE(s.complete);
  const std::string full = test::read_file(s.output);
  // As if killed while writing line 41: 40 complete lines and half of the next.
  std::vector<std::string> out = lines_of(full);
  std::string cut;
  for (int i = 0; i < 40; ++i) cut += out[static_cast<std::size_t>(i)] + "\n";
  cut += out[40].substr(0, 100);
  test::write_file(s.output, cut);
  // The audit log already holds all 100 (recorded before the output was written): none twice.
  s = run(opt_);
  EXPECT_TRUE(s.complete);
  EXPECT_EQ(s.resumed_after, 40u);
  EXPECT_EQ(s.lines, 60u);
  EXPECT_EQ(test::read_file(s.output), full);
  AuditStore a(opt_.audit, AuditStore::Mode::kOpenExisting);
  EXPECT_EQ(a.count(), 100);
  // Re-run when complete: nothing to do.
  s = run(opt_);
  EXPECT_EQ(s.lines, 0u);
  EXPECT_EQ(s.resumed_after, 100u);
  EXPECT_EQ(test::read_file(s.output), full);
}

TEST_F(Batch, RefusesToResumeWhenInputOrPacksChanged) {
  std::string in;
  for (int i = 1; i <= 20; ++i) in += profile(i) + "\n";
  test::write_file(dir_.file("in.jsonl"), in);
  opt_.input = dir_.file("in.jsonl");
  run(opt_);
  test::write_file(dir_.file("in.jsonl"), in + profile(21) + "\n");
  try {
    run(opt_);
    FAIL() << "resumed over a changed input";
  } catch (const BatchError& e) {
    EXPECT_EQ(e.exit_code, 2);
    EXPECT_NE(std::string(e.what()).find("input changed"), std::string::npos) << e.what();
  }
  opt_.restart = true;
  BatchSummary s = run(opt_);
  EXPECT_EQ(s.lines, 21u);
  opt_.restart = false;
  opt_.lang = Lang::kEn;
  EXPECT_THROW(run(opt_), BatchError);
  opt_.lang = Lang::kZh;
  // Other packs.
  test::TempDir other;
  const std::string packs = test::copy_fixture(other);
  std::string p = test::read_file(packs + "/cn/parameters.yaml");
  p.replace(p.find("7000.00"), 7, "7100.00");
  test::write_file(packs + "/cn/parameters.yaml", p);
  auto set2 = load_policies(packs).set;
  ASSERT_TRUE(set2);
  try {
    run_batch(set2, opt_, stop_, log_);
    FAIL() << "resumed with other packs";
  } catch (const BatchError& e) {
    EXPECT_NE(std::string(e.what()).find("policy packs changed"), std::string::npos) << e.what();
  }
  // A foreign file in the way.
  test::write_file(dir_.file("foreign.jsonl"), "{\"mine\":1}\n");
  opt_.output = dir_.file("foreign.jsonl");
  EXPECT_THROW(run(opt_), BatchError);
}

TEST_F(Batch, SqliteOutputIsIdempotent) {
  std::string in;
  for (int i = 1; i <= 50; ++i) in += profile(i, i == 7) + "\n";
  test::write_file(dir_.file("in.jsonl"), in);
  opt_.input = dir_.file("in.jsonl");
  opt_.output = dir_.file("out.sqlite");
  BatchSummary s = run(opt_);
  EXPECT_TRUE(s.complete);
  {
    SQLite::Database db(opt_.output, SQLite::OPEN_READWRITE);
    EXPECT_EQ(db.execAndGet("SELECT count(*) FROM results").getInt(), 50);
    EXPECT_EQ(db.execAndGet("SELECT ok FROM results WHERE line = 7").getInt(), 0);
    EXPECT_EQ(db.execAndGet("SELECT sum(ok) FROM results").getInt(), 49);
    db.exec("DELETE FROM results WHERE line > 30");
  }
  s = run(opt_);
  EXPECT_EQ(s.resumed_after, 30u);
  EXPECT_EQ(s.lines, 20u);
  SQLite::Database db(opt_.output, SQLite::OPEN_READONLY);
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM results").getInt(), 50);
}

TEST_F(Batch, StopFlagInterrupts) {
  std::string in;
  for (int i = 1; i <= 50; ++i) in += profile(i) + "\n";
  test::write_file(dir_.file("in.jsonl"), in);
  opt_.input = dir_.file("in.jsonl");
  stop_ = 15;
  BatchSummary s = run(opt_);
  EXPECT_FALSE(s.complete);
  EXPECT_EQ(s.signal, 15);
  stop_ = 0;
  s = run(opt_);
  EXPECT_TRUE(s.complete);
  EXPECT_EQ(lines_of(test::read_file(s.output)).size(), 50u);
}

TEST(BatchOutputName, FromInput) {
  EXPECT_EQ(default_batch_output("dir/x.csv"), "dir/x.out.jsonl");
  EXPECT_EQ(default_batch_output("x.JSONL"), "x.out.jsonl");
  EXPECT_EQ(default_batch_output("-"), "-");
}

}  // namespace
}  // namespace shebao::batch
