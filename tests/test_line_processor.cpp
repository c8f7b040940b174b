// LineProcessor: one record in, a verdict out, through every entry point (JSON line, CSV record,
// name/value pairs, maps), with the plan's dialect, shared by many threads. Expected findings are
// worked out by hand from the schema below.
#include <catch2/catch.hpp>

#include <atomic>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "support.hpp"
#include "rowguard/rowguard.hpp"

namespace {

using namespace rowguard;
using namespace rowguard::test;
using Catch::Matchers::Contains;

// id (1), email (2), plan (3), signup (4), score (5).
Schema users() {
  return Schema{{"id", Field::integer().required().min(1)},
                {"email", Field::string().required().format("email")},
                {"plan", Field::string().one_of({"free", "pro"})},
                {"signup", Field::date()},
                {"score", Field::number().max(100)}};
}

struct Want {
  std::string field;
  std::uint32_t field_number;
  ErrorType type;
  Constraint constraint = Constraint::none;
};

std::string messages(const LineResult& r) {
  std::string out;
  for (const auto& f : r.errors) out += std::string(to_string(f.type)) + ": " + f.message + "\n";
  return out;
}

void require_valid(const LineResult& r) {
  INFO(messages(r));
  CHECK(r.valid);
  CHECK(r.errors.empty());
}

// Every finding of a single record is on row 1, line 1, byte 0.
void require_errors(const LineResult& r, const std::vector<Want>& want) {
  INFO(messages(r));
  CHECK_FALSE(r.valid);
  REQUIRE(r.errors.size() == want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    INFO("finding " << i);
    const Finding& f = r.errors[i];
    CHECK(f.row == 1);
    CHECK(f.line == 1);
    CHECK(f.byte == 0);
    CHECK(f.field == want[i].field);
    CHECK(f.field_number == want[i].field_number);
    CHECK(f.type == want[i].type);
    CHECK(f.constraint == want[i].constraint);
  }
}

bool same(const LineResult& a, const LineResult& b) { return a.valid == b.valid && a.errors == b.errors; }

}  // namespace

// ---- process_json -----------------------------------------------------------------------------

TEST_CASE("line processor: process_json accepts a valid object", "[line-processor]") {
  const LineProcessor p(compile(users()));
  const std::string line = R"({"id":7,"email":"ada@example.org","plan":"pro","signup":"2024-02-29","score":99.5})";
  require_valid(p.process_json(line));
  require_valid(p.process_json(line + "\n"));
  require_valid(p.process_json(line + "\r\n"));
  require_valid(p.process_json("  " + line + "  "));
  require_valid(p.process_json(R"({"email":"a@b.org","id":1,"extra":[1,2,{"x":null}]})"));
  require_valid(p.process_json(R"({"id":1,"email":"a@b.org","plan":null,"signup":null})"));
}

TEST_CASE("line processor: process_json reports type and rule findings in schema order", "[line-processor]") {
  const LineProcessor p(compile(users()));
  SECTION("wrong types and a broken enum") {
    LineResult r = p.process_json(R"({"plan":"gold","email":"ada(at)example.org","id":"7"})");
    require_errors(r, {{"id", 1, ErrorType::type_error},
                       {"email", 2, ErrorType::type_error},
                       {"plan", 3, ErrorType::constraint_error, Constraint::enumeration}});
    CHECK_THAT(r.errors[0].message, Contains("expected a JSON integer"));
    CHECK(r.errors[0].value == "7");
    CHECK(r.errors[2].value == "gold");
  }
  SECTION("bounds") {
    LineResult r = p.process_json(R"({"id":0,"email":"a@b.org","score":100.5})");
    require_errors(r, {{"id", 1, ErrorType::constraint_error, Constraint::minimum},
                       {"score", 5, ErrorType::constraint_error, Constraint::maximum}});
    CHECK(r.errors[0].message == "id: 0 is below the minimum 1");
  }
  SECTION("required fields absent, null or empty") {
    require_errors(p.process_json("{}"), {{"id", 1, ErrorType::constraint_error, Constraint::required},
                                          {"email", 2, ErrorType::constraint_error, Constraint::required}});
    require_errors(p.process_json(R"({"id":null,"email":""})"),
                   {{"id", 1, ErrorType::constraint_error, Constraint::required},
                    {"email", 2, ErrorType::constraint_error, Constraint::required}});
  }
}

TEST_CASE("line processor: process_json record-level findings", "[line-processor]") {
  const LineProcessor p(compile(users()));
  SECTION("malformed JSON") {
    for (std::string_view line : {std::string_view(R"({"id":1)"), std::string_view(R"({"id":1,"email":"a@b.org"} x)"),
                                  std::string_view(R"({"id":1,"z":"\q","email":"a@b.org"})"),
                                  std::string_view(R"({"id":01,"email":"a@b.org"})")}) {
      INFO(line);
      LineResult r = p.process_json(line);
      require_errors(r, {{"", 0, ErrorType::malformed_json}});
    }
  }
  SECTION("not an object") {
    for (std::string_view line : {"[1]", "\"x\"", "3", "null", "false"}) {
      INFO(line);
      require_errors(p.process_json(line), {{"", 0, ErrorType::not_an_object}});
    }
  }
  SECTION("invalid UTF-8") {
    LineResult r = p.process_json("{\"id\":1,\"email\":\"a\xFF@b.org\"}");
    require_errors(r, {{"", 0, ErrorType::encoding_error}});
  }
  SECTION("an empty record is a blank row") {
    for (std::string_view line : {"", "   ", "\n", "\r\n", " \t\r\n"}) {
      INFO("size " << line.size());
      require_errors(p.process_json(line), {{"", 0, ErrorType::blank_row}});
    }
  }
}

TEST_CASE("line processor: process_json honours max_record_bytes", "[line-processor]") {
  Dialect d;
  d.max_record_bytes = 32;
  const LineProcessor p(compile(Schema{{"s", Field::string()}}, d));
  const std::string at_limit = "{\"s\":\"" + std::string(24, 'a') + "\"}";  // 32 bytes
  const std::string over = "{\"s\":\"" + std::string(25, 'a') + "\"}";      // 33 bytes
  require_valid(p.process_json(at_limit));
  require_valid(p.process_json(at_limit + "\n"));
  require_errors(p.process_json(over), {{"", 0, ErrorType::record_too_large}});
}

TEST_CASE("line processor: whole-file rules are not applied", "[line-processor]") {
  SECTION("unique") {
    const LineProcessor p(compile(Schema{{"id", Field::integer().unique()}}));
    for (int i = 0; i < 3; ++i) {
      require_valid(p.process_json(R"({"id":1})"));
      require_valid(p.process_csv("1\n"));
      std::vector<FieldValue> record{{"id", "1"}};
      require_valid(p.process_record(record));
    }
  }
  SECTION("a primary key still makes its fields required") {
    Schema s{{"a", Field::integer()}, {"b", Field::string()}};
    s.primary_key({"a", "b"});
    const LineProcessor p(compile(s));
    require_valid(p.process_json(R"({"a":1,"b":"x"})"));
    require_valid(p.process_json(R"({"a":1,"b":"x"})"));
    require_errors(p.process_json(R"({"a":1})"), {{"b", 2, ErrorType::constraint_error, Constraint::required}});
  }
}

// ---- process_csv ------------------------------------------------------------------------------

TEST_CASE("line processor: process_csv checks a record in schema column order", "[line-processor]") {
  const LineProcessor p(compile(users()));
  SECTION("valid, with and without a line break") {
    require_valid(p.process_csv("7,ada@example.org,pro,2024-02-29,99.5\n"));
    require_valid(p.process_csv("7,ada@example.org,pro,2024-02-29,99.5"));
    require_valid(p.process_csv("7,ada@example.org,pro,2024-02-29,99.5\r\n"));
    require_valid(p.process_csv("\"7\",\"ada@example.org\",\"pro\",,\n"));
  }
  SECTION("cell findings") {
    LineResult r = p.process_csv("0,ada@example.org,gold,2023-02-29,101\n");
    require_errors(r, {{"id", 1, ErrorType::constraint_error, Constraint::minimum},
                       {"plan", 3, ErrorType::constraint_error, Constraint::enumeration},
                       {"signup", 4, ErrorType::type_error},
                       {"score", 5, ErrorType::constraint_error, Constraint::maximum}});
    CHECK(r.errors[2].value == "2023-02-29");
  }
  SECTION("missing and extra cells") {
    require_errors(p.process_csv("7,ada@example.org\n"), {{"plan", 3, ErrorType::missing_cell},
                                                          {"signup", 4, ErrorType::missing_cell},
                                                          {"score", 5, ErrorType::missing_cell}});
    LineResult r = p.process_csv("7,ada@example.org,pro,2024-02-29,99.5,surplus\n");
    require_errors(r, {{"", 6, ErrorType::extra_cell}});
    CHECK(r.errors[0].value == "surplus");
  }
  SECTION("the plan's header option is ignored: every record is data") {
    require_errors(p.process_csv("id,email,plan,signup,score\n"),
                   {{"id", 1, ErrorType::type_error},
                    {"email", 2, ErrorType::type_error},
                    {"plan", 3, ErrorType::constraint_error, Constraint::enumeration},
                    {"signup", 4, ErrorType::type_error},
                    {"score", 5, ErrorType::type_error}});
  }
  SECTION("blank records") {
    for (std::string_view rec : {"", "\n", "\r\n", ",,,,\n", ",,,,"}) {
      INFO("record size " << rec.size());
      require_errors(p.process_csv(rec), {{"", 0, ErrorType::blank_row}});
    }
  }
  SECTION("invalid UTF-8 in a cell") {
    LineResult r = p.process_csv("7,a\xFF@b.org,pro,,\n");
    require_errors(r, {{"email", 2, ErrorType::encoding_error}});
    CHECK(r.errors[0].value == "a\xEF\xBF\xBD@b.org");
  }
}

TEST_CASE("line processor: process_csv uses the plan's dialect", "[line-processor]") {
  Dialect d;
  d.delimiter = ';';
  const LineProcessor p(compile(Schema{{"note", Field::string()}, {"n", Field::integer()}}, d));
  require_valid(p.process_csv("plain;1\n"));
  require_valid(p.process_csv("a,b;1\n"));  // a comma is ordinary text
  require_valid(p.process_csv("\"line1\nline2\";5\n"));
  require_valid(p.process_csv("\"line1\r\nline2\";5"));
  LineResult r = p.process_csv("\"a;b\";x\n");
  require_errors(r, {{"n", 2, ErrorType::type_error}});
  CHECK(r.errors[0].value == "x");
  // A quoted field holding a newline still makes one record on line 1.
  LineResult multi = p.process_csv("\"first\nsecond\nthird\";y\n");
  require_errors(multi, {{"n", 2, ErrorType::type_error}});
  // With ';' as the delimiter, "1,2" is one cell and not an integer.
  require_errors(p.process_csv("x;1,2\n"), {{"n", 2, ErrorType::type_error}});

  SECTION("doubled quotes are decoded before the rules run") {
    Schema s{{"note", Field::string().pattern(R"(say "hi")")}, {"n", Field::integer()}};
    const LineProcessor q(compile(s, d));
    require_valid(q.process_csv("\"say \"\"hi\"\"\";1\n"));
    require_errors(q.process_csv("say hi;1\n"), {{"note", 1, ErrorType::constraint_error, Constraint::pattern}});
  }
  SECTION("an escape character") {
    Dialect e = d;
    e.escape_char = '\\';
    e.double_quote = false;
    Schema s{{"note", Field::string().one_of({"a;b"})}, {"n", Field::integer()}};
    const LineProcessor q(compile(s, e));
    require_valid(q.process_csv("a\\;b;1\n"));
  }
}

TEST_CASE("line processor: csv_record_length finds the end of the first record", "[line-processor]") {
  const LineProcessor p(compile(Schema{{"a", Field::string()}, {"b", Field::string()}}));
  CHECK(p.csv_record_length("a,b\nc,d\n") == 4);
  CHECK(p.csv_record_length("a,b\r\nc,d\n") == 5);
  CHECK(p.csv_record_length("a,b\rc,d\n") == 4);  // a lone CR ends a record
  CHECK(p.csv_record_length("\"a\nb\",c\nx,y\n") == 8);
  CHECK(p.csv_record_length("\"a\"\"\nb\",c\n") == 10);
  CHECK(p.csv_record_length("\n") == 1);
  // Incomplete: no line break yet, or a quoted field still open.
  CHECK(p.csv_record_length("") == 0);
  CHECK(p.csv_record_length("a,b") == 0);
  CHECK(p.csv_record_length("\"a\nb") == 0);
  CHECK(p.csv_record_length("\"a\nb\",c") == 0);

  SECTION("with the plan's dialect") {
    Dialect d;
    d.delimiter = ';';
    d.quote_char = '\'';
    const LineProcessor q(compile(Schema{{"a", Field::string()}, {"b", Field::string()}}, d));
    CHECK(q.csv_record_length("'x\ny';z\nnext\n") == 8);
    CHECK(q.csv_record_length("\"x\ny\";z\n") == 3);  // '"' is not the quote character here
  }
  SECTION("a stream read one record at a time") {
    const std::string stream = "1,\"two\nlines\"\n3,4\r\n\"5\",\"6\"\n";
    std::vector<std::string> records;
    std::string_view rest = stream;
    while (std::size_t n = p.csv_record_length(rest)) {
      records.emplace_back(rest.substr(0, n));
      rest.remove_prefix(n);
    }
    CHECK(rest.empty());
    REQUIRE(records.size() == 3);
    CHECK(records[0] == "1,\"two\nlines\"\n");
    CHECK(records[1] == "3,4\r\n");
    CHECK(records[2] == "\"5\",\"6\"\n");
    for (const auto& rec : records) require_valid(p.process_csv(rec));
  }
}

// ---- process_record and process_map -----------------------------------------------------------

TEST_CASE("line processor: process_record takes name/value pairs", "[line-processor]") {
  const LineProcessor p(compile(users()));
  using Pairs = std::vector<FieldValue>;
  SECTION("valid, in any order, unknown names ignored") {
    require_valid(p.process_record(Pairs{{"id", "7"}, {"email", "ada@example.org"}}));
    require_valid(p.process_record(
        Pairs{{"score", "12.5"}, {"signup", "2024-02-29"}, {"plan", "free"}, {"email", "a@b.org"}, {"id", "1"}}));
    require_valid(p.process_record(Pairs{{"id", "7"}, {"nope", "not checked"}, {"email", "a@b.org"}}));
    // Text values are parsed as CSV cells would be: missing values, number syntax.
    require_valid(p.process_record(Pairs{{"id", "007"}, {"email", "a@b.org"}, {"plan", ""}, {"score", "1e2"}}));
  }
  SECTION("findings come in schema order whatever the pair order") {
    LineResult r = p.process_record(Pairs{{"score", "101"}, {"plan", "gold"}, {"email", "a@b.org"}, {"id", "x"}});
    require_errors(r, {{"id", 1, ErrorType::type_error},
                       {"plan", 3, ErrorType::constraint_error, Constraint::enumeration},
                       {"score", 5, ErrorType::constraint_error, Constraint::maximum}});
    CHECK(r.errors[0].value == "x");
    CHECK_THAT(r.errors[0].message, Contains("not an integer"));
  }
  SECTION("absent and empty values are missing") {
    require_errors(p.process_record(Pairs{{"email", "a@b.org"}}),
                   {{"id", 1, ErrorType::constraint_error, Constraint::required}});
    require_errors(p.process_record(Pairs{{"id", ""}, {"email", "a@b.org"}}),
                   {{"id", 1, ErrorType::constraint_error, Constraint::required}});
  }
  SECTION("the first of duplicate names wins") {
    require_valid(p.process_record(Pairs{{"id", "7"}, {"id", "x"}, {"email", "a@b.org"}}));
    require_errors(p.process_record(Pairs{{"id", "x"}, {"id", "7"}, {"email", "a@b.org"}}),
                   {{"id", 1, ErrorType::type_error}});
  }
  SECTION("invalid UTF-8 is an encoding error for that field") {
    LineResult r = p.process_record(Pairs{{"id", "7"}, {"email", "a\xFF@b.org"}});
    require_errors(r, {{"email", 2, ErrorType::encoding_error}});
    CHECK(r.errors[0].value == "a\xEF\xBF\xBD@b.org");
  }
  SECTION("an empty record is a blank row") {
    require_errors(p.process_record(Pairs{}), {{"", 0, ErrorType::blank_row}});
  }
}

TEST_CASE("line processor: process_map accepts map-like containers", "[line-processor]") {
  const LineProcessor p(compile(users()));
  SECTION("std::map") {
    std::map<std::string, std::string> good{{"id", "7"}, {"email", "ada@example.org"}, {"plan", "pro"}};
    require_valid(p.process_map(good));
    std::map<std::string, std::string> bad{{"id", "0"}, {"email", "alan@example.org"}, {"signup", "2023-11-31"}};
    require_errors(p.process_map(bad), {{"id", 1, ErrorType::constraint_error, Constraint::minimum},
                                        {"signup", 4, ErrorType::type_error}});
  }
  SECTION("std::unordered_map") {
    std::unordered_map<std::string, std::string> good{{"id", "7"}, {"email", "ada@example.org"}};
    require_valid(p.process_map(good));
    std::unordered_map<std::string, std::string> bad{{"email", "ada@example.org"}, {"score", "abc"}};
    require_errors(p.process_map(bad), {{"id", 1, ErrorType::constraint_error, Constraint::required},
                                        {"score", 5, ErrorType::type_error}});
  }
  SECTION("a map of string views") {
    std::map<std::string_view, std::string_view> good{{"id", "7"}, {"email", "ada@example.org"}};
    require_valid(p.process_map(good));
  }
  SECTION("more than 64 entries") {
    std::map<std::string, std::string> big;
    for (int i = 0; i < 100; ++i) big["unknown_" + std::to_string(i)] = "v" + std::to_string(i);
    big["email"] = "ada@example.org";
    big["id"] = "12";
    REQUIRE(big.size() == 102);
    require_valid(p.process_map(big));
    big["id"] = "-3";
    require_errors(p.process_map(big), {{"id", 1, ErrorType::constraint_error, Constraint::minimum}});
    big.erase("email");
    require_errors(p.process_map(big), {{"id", 1, ErrorType::constraint_error, Constraint::minimum},
                                        {"email", 2, ErrorType::constraint_error, Constraint::required}});
  }
  SECTION("an empty map is a blank row") {
    require_errors(p.process_map(std::map<std::string, std::string>{}), {{"", 0, ErrorType::blank_row}});
  }
}

// ---- the processor as an object ---------------------------------------------------------------

TEST_CASE("line processor: a moved processor keeps working", "[line-processor]") {
  LineProcessor a(compile(users()));
  require_valid(a.process_json(R"({"id":1,"email":"a@b.org"})"));
  LineProcessor b(std::move(a));
  require_valid(b.process_json(R"({"id":1,"email":"a@b.org"})"));
  require_errors(b.process_csv("x,a@b.org,,,\n"), {{"id", 1, ErrorType::type_error}});
  LineProcessor c(compile(Schema{{"other", Field::boolean()}}));
  c = std::move(b);
  require_errors(c.process_json(R"({"id":0,"email":"a@b.org"})"),
                 {{"id", 1, ErrorType::constraint_error, Constraint::minimum}});
  CHECK(c.plan().field_count() == 5);
}

TEST_CASE("line processor: one processor shared by many threads gives single-thread results",
          "[line-processor]") {
  const LineProcessor p(compile(users()));

  // A mix of valid and invalid records of every kind; every third one is invalid.
  std::vector<std::string> json, csv;
  std::vector<std::vector<std::pair<std::string, std::string>>> pairs;
  for (int i = 1; i <= 90; ++i) {
    const bool bad = i % 3 == 0;
    const std::string id = bad ? "-" + std::to_string(i) : std::to_string(i);
    const std::string plan = i % 5 == 0 ? "gold" : "free";
    json.push_back(R"({"id":)" + id + R"(,"email":"u)" + std::to_string(i) + R"(@example.org","plan":")" + plan +
                   "\"}");
    csv.push_back(id + ",u" + std::to_string(i) + "@example.org," + plan + ",2024-01-" +
                  (i % 7 == 0 ? "32" : "15") + ",\n");
    pairs.push_back({{"id", id}, {"email", "u" + std::to_string(i) + "@example.org"}, {"plan", plan}});
  }
  json.push_back("{broken");
  json.push_back("[1]");

  auto run_all = [&]() {
    std::vector<LineResult> out;
    out.reserve(json.size() + csv.size() + pairs.size());
    for (const auto& line : json) out.push_back(p.process_json(line));
    for (const auto& rec : csv) out.push_back(p.process_csv(rec));
    for (const auto& rec : pairs) {
      std::vector<FieldValue> view;
      for (const auto& [k, v] : rec) view.emplace_back(k, v);
      out.push_back(p.process_record(view));
    }
    return out;
  };

  const std::vector<LineResult> expected = run_all();
  // Hand count: ids divisible by 3 are negative (minimum), ids divisible by 5 have plan "gold"
  // (enum): 90 - (30 + 18 - 6) = 48 valid JSON lines and as many valid pairs; CSV also has
  // invalid dates for multiples of 7 that are not already invalid.
  std::size_t valid_json = 0, valid_csv = 0, valid_pairs = 0;
  for (std::size_t i = 0; i < json.size(); ++i) valid_json += expected[i].valid ? 1u : 0u;
  for (std::size_t i = 0; i < csv.size(); ++i) valid_csv += expected[json.size() + i].valid ? 1u : 0u;
  for (std::size_t i = 0; i < pairs.size(); ++i) valid_pairs += expected[json.size() + csv.size() + i].valid ? 1u : 0u;
  CHECK(valid_json == 48);
  CHECK(valid_pairs == 48);
  // Multiples of 7 up to 90 not divisible by 3 or 5: 7 14 28 49 56 77.
  CHECK(valid_csv == 48 - 6);

  constexpr int thread_count = 4;
  constexpr int rounds = 3;
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < thread_count; ++t) {
    threads.emplace_back([&] {
      for (int round = 0; round < rounds; ++round) {
        std::vector<LineResult> got = run_all();
        if (got.size() != expected.size()) {
          ++mismatches;
          continue;
        }
        for (std::size_t i = 0; i < got.size(); ++i) {
          if (!same(got[i], expected[i])) ++mismatches;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(mismatches.load() == 0);
}

TEST_CASE("line processor: one record per call; comment lines and trailing line breaks allowed",
          "[line-processor]") {
  const LineProcessor p(compile(users()));
  CHECK_THROWS_AS(p.process_json("{\"id\": 7, \"email\": \"a@b.org\"}\n{\"id\": 8, \"email\": \"c@d.org\"}\n"),
                  UsageError);
  CHECK_THROWS_AS(p.process_json("{\"id\": 7, \"email\": \"a@b.org\"}\nnot json"), UsageError);
  CHECK_THROWS_AS(p.process_csv("7,ada@example.org,pro,2024-02-29,99.5\n8,bob@example.org,free,,\n"), UsageError);
  require_valid(p.process_json("{\"id\": 7, \"email\": \"a@b.org\"}\n\n\r\n"));
  require_valid(p.process_csv("7,ada@example.org,pro,2024-02-29,99.5\n\n"));
  // A blank line before the object is skipped, as in a JSONL file, and the object still judged.
  const LineResult late = p.process_json("\n{\"id\": \"x\", \"email\": \"a@b.org\"}");
  REQUIRE(late.errors.size() == 1);
  CHECK(late.errors[0].type == ErrorType::type_error);
  CHECK(late.errors[0].line == 2);
  CHECK(late.errors[0].byte == 1);

  Dialect d;
  d.comment_char = '#';
  const LineProcessor c(compile(users(), d));
  require_valid(c.process_csv("# exported by hand\n7,ada@example.org,pro,2024-02-29,99.5\n"));
  const LineResult r = c.process_csv("# exported by hand\n0,ada@example.org,pro,2024-02-29,99.5\n");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].field == "id");
  CHECK(r.errors[0].constraint == Constraint::minimum);
  CHECK(r.errors[0].line == 2);
  CHECK(r.errors[0].byte == 19);
}

TEST_CASE("line processor: plan() is the plan it was given", "[line-processor]") {
  const Plan plan = compile(users());
  REQUIRE(plan.dialect().header);
  const LineProcessor p(plan);
  CHECK(p.plan().fingerprint() == plan.fingerprint());
  CHECK(p.plan().dialect().header);
}
