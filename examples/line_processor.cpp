// LineProcessor: validate one record at a time, as a service or stream processor would.
//
// Shows the three ways to hand over a record (a JSON line, a CSV line in schema order, a map of
// field names to text) and one processor shared by several threads.
//
//   line_processor              runs the built-in examples
//   line_processor < FILE.jsonl judges each line of standard input
#include <rowguard/rowguard.hpp>

#include <atomic>
#include <iostream>
#include <map>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

void print(const std::string& label, const rowguard::LineResult& r) {
  std::cout << label << ": " << (r.valid ? "valid" : "INVALID") << "\n";
  for (const auto& e : r.errors) std::cout << "    " << rowguard::to_string(e.type) << ": " << e.message << "\n";
}

}  // namespace

int main() {
  using namespace rowguard;
  Schema schema{
      {"user_id", Field::integer().required().min(1)},
      {"email", Field::string().required().format("email")},
      {"plan", Field::string().one_of({"free", "pro", "enterprise"})},
      {"signup", Field::date()},
  };
  const LineProcessor processor(compile(schema));

  if (!isatty(STDIN_FILENO)) {
    std::string line;
    std::uint64_t n = 0, bad = 0;
    while (std::getline(std::cin, line)) {
      LineResult r = processor.process_json(line);
      ++n;
      if (!r.valid) {
        ++bad;
        print("line " + std::to_string(n), r);
      }
    }
    std::cout << n << " records, " << bad << " invalid\n";
    return bad == 0 ? 0 : 1;
  }

  print("JSON  ", processor.process_json(R"({"user_id": 7, "email": "ada@example.org", "plan": "pro", "signup": "2024-02-29"})"));
  print("JSON  ", processor.process_json(R"({"user_id": "7", "email": "ada(at)example.org", "plan": "gold"})"));
  print("CSV   ", processor.process_csv("8,grace@example.org,free,2023-11-31\n"));
  std::map<std::string, std::string> record{{"user_id", "0"}, {"email", "alan@example.org"}};
  print("map   ", processor.process_map(record));

  // One processor, many threads: it is safe to share, and valid records allocate nothing.
  std::atomic<std::uint64_t> valid{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 1; i <= 25'000; ++i) {
        std::string line = R"({"user_id": )" + std::to_string(t * 100'000 + i) + R"(, "email": "u@example.org"})";
        if (processor.process_json(line).valid) ++valid;
      }
    });
  }
  for (auto& th : threads) th.join();
  std::cout << "4 threads judged 100000 records, " << valid << " valid\n";
  return valid == 100'000 ? 0 : 1;
}
