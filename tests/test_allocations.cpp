// Proves that LineProcessor allocates nothing for a valid record once warmed up. Every global
// operator new and delete is replaced with a counting version, so this file is its own program
// (rowguard_alloc_tests) with its own Catch main.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <new>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "rowguard/rowguard.hpp"

// ---- counting allocation functions ------------------------------------------------------------

namespace {

std::atomic<std::uint64_t> allocation_count{0};

void* counted_alloc(std::size_t size) {
  allocation_count.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(size == 0 ? 1 : size);
}

void* counted_aligned_alloc(std::size_t size, std::align_val_t align) {
  allocation_count.fetch_add(1, std::memory_order_relaxed);
  const auto a = static_cast<std::size_t>(align);
  // aligned_alloc wants a size that is a multiple of the alignment.
  const std::size_t rounded = size == 0 ? a : (size + a - 1) / a * a;
  return std::aligned_alloc(a, rounded);
}

}  // namespace

void* operator new(std::size_t size) {
  if (void* p = counted_alloc(size)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) {
  if (void* p = counted_alloc(size)) return p;
  throw std::bad_alloc();
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept { return counted_alloc(size); }
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept { return counted_alloc(size); }
void* operator new(std::size_t size, std::align_val_t align) {
  if (void* p = counted_aligned_alloc(size, align)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size, std::align_val_t align) {
  if (void* p = counted_aligned_alloc(size, align)) return p;
  throw std::bad_alloc();
}
void* operator new(std::size_t size, std::align_val_t align, const std::nothrow_t&) noexcept {
  return counted_aligned_alloc(size, align);
}
void* operator new[](std::size_t size, std::align_val_t align, const std::nothrow_t&) noexcept {
  return counted_aligned_alloc(size, align);
}

void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept { std::free(p); }

// ---- tests ------------------------------------------------------------------------------------

namespace {

using namespace rowguard;

// Allocations made while `f` runs.
template <class F>
std::uint64_t allocations_during(F&& f) {
  const std::uint64_t before = allocation_count.load();
  f();
  return allocation_count.load() - before;
}

// A schema that exercises every type and rule, with long strings (past any small-string buffer)
// in the enum and the pattern so that a lookup through a temporary std::string would show.
Schema every_rule() {
  Schema s{{"id", Field::integer().required().min(1).max(1'000'000'000)},
           {"code", Field::string().required().pattern(R"(CODE-[A-Z]{4}-\d{6}-[a-z]+)")},
           {"tier", Field::string().one_of({"a very long enum member number one", "another long enum member, two"})},
           {"name", Field::string().min_length(1).max_length(100)},
           {"email", Field::string().format("email")},
           {"amount", Field::number().exclusive_min(0).max(1e9)},
           {"active", Field::boolean()},
           {"born", Field::date().min("1800-01-01")},
           {"seen", Field::datetime()},
           {"user.id", Field::integer()},
           {"user.tags", Field::any()},
           {"score", Field::integer().one_of({1, 2, 3, 5, 8})}};
  s.missing_values({"", "NA"});
  return s;
}

const char* const valid_json =
    R"({"id":123456,"code":"CODE-ABCD-123456-xyzxyzxyzxyzxyzxyz","tier":"a very long enum member number one",)"
    R"("name":"Ad\u00e9la \"the\" Countess of a very long name that is over sixteen bytes","email":"ada@example.org",)"
    R"("amount":1234.5,"active":true,"born":"1815-12-10","seen":"2024-01-01T10:00:00.5+01:00",)"
    R"("user":{"id":42,"tags":["x",{"y":[1,2,null]}]},"score":8,"ignored":{"deep":[1,[2,[3,"long string value here"]]]}})";

// Same shape, other values, a little shorter.
const char* const other_json =
    R"({"id":7,"code":"CODE-WXYZ-654321-abc","tier":"another long enum member, two","name":"Grace",)"
    R"("email":"grace@example.org","amount":0.25,"active":false,"born":"1906-12-09","seen":"2024-06-30T23:59:59Z",)"
    R"("user":{"id":1,"tags":{"k":"v"}},"score":1,"ignored":null})";

const char* const valid_csv =
    "123456,CODE-ABCD-123456-xyzxyzxyzxyzxyzxyz,a very long enum member number one,"
    "\"Ad\xC3\xA9la \"\"the\"\" Countess, of a very long name\",ada@example.org,1234.5,true,1815-12-10,"
    "2024-01-01T10:00:00.5+01:00,42,\"[\"\"x\"\"]\",8\r\n";

const char* const other_csv =
    "7,CODE-WXYZ-654321-abc,\"another long enum member, two\",Grace,grace@example.org,0.25,false,1906-12-09,"
    "2024-06-30T23:59:59Z,1,NA,1\n";

std::vector<FieldValue> valid_pairs() {
  return {{"id", "123456"},
          {"code", "CODE-ABCD-123456-xyzxyzxyzxyzxyzxyz"},
          {"tier", "a very long enum member number one"},
          {"name", "Ad\xC3\xA9la the Countess of a very long name"},
          {"email", "ada@example.org"},
          {"amount", "1234.5"},
          {"active", "true"},
          {"born", "1815-12-10"},
          {"seen", "2024-01-01T10:00:00.5+01:00"},
          {"user.id", "42"},
          {"user.tags", "anything"},
          {"score", "8"},
          {"not in the schema", "ignored"}};
}

}  // namespace

// Pointers stored here escape, so the optimiser may not elide the allocations below (C++14 lets it
// drop a new/delete pair whose result is never observed).
void* volatile escaped = nullptr;

TEST_CASE("allocations: the counter sees allocations", "[allocations]") {
  std::uint64_t n = allocations_during([] {
    auto* p = new int(1);
    escaped = p;
    delete p;
    std::vector<int> v(100);
    escaped = v.data();
    std::string s(100, 'x');
    escaped = s.data();
  });
  CHECK(n >= 3);
  n = allocations_during([] {
    auto* p = new (std::align_val_t{64}) int(1);
    escaped = p;
    ::operator delete(p, std::align_val_t{64});
    auto* q = new (std::nothrow) int[4];
    escaped = q;
    delete[] q;
  });
  CHECK(n == 2);
}

TEST_CASE("allocations: the sample records are valid", "[allocations]") {
  const LineProcessor p(compile(every_rule()));
  auto show = [](const LineResult& r) {
    std::string out;
    for (const auto& f : r.errors) out += f.message + "\n";
    return out;
  };
  LineResult r = p.process_json(valid_json);
  INFO(show(r));
  CHECK(r.valid);
  r = p.process_json(other_json);
  INFO(show(r));
  CHECK(r.valid);
  r = p.process_csv(valid_csv);
  INFO(show(r));
  CHECK(r.valid);
  r = p.process_csv(other_csv);
  INFO(show(r));
  CHECK(r.valid);
  r = p.process_record(valid_pairs());
  INFO(show(r));
  CHECK(r.valid);
}

TEST_CASE("allocations: process_json allocates nothing for valid records after warm-up", "[allocations]") {
  const LineProcessor p(compile(every_rule()));
  REQUIRE(p.process_json(valid_json).valid);  // warm-up
  LineResult r;
  std::uint64_t n = allocations_during([&] {
    for (int i = 0; i < 100; ++i) {
      r = p.process_json(valid_json);
      if (!r.valid) return;
    }
  });
  CHECK(r.valid);
  CHECK(n == 0);
  // Other values of the same shape reuse the same memory.
  REQUIRE(p.process_json(other_json).valid);
  n = allocations_during([&] {
    for (int i = 0; i < 100; ++i) {
      r = p.process_json(i % 2 ? other_json : valid_json);
      if (!r.valid) return;
    }
  });
  CHECK(r.valid);
  CHECK(n == 0);
}

TEST_CASE("allocations: process_csv allocates nothing for valid records after warm-up", "[allocations]") {
  const LineProcessor p(compile(every_rule()));
  REQUIRE(p.process_csv(valid_csv).valid);
  REQUIRE(p.process_csv(other_csv).valid);
  LineResult r;
  std::uint64_t n = allocations_during([&] {
    for (int i = 0; i < 100; ++i) {
      r = p.process_csv(i % 2 ? other_csv : valid_csv);
      if (!r.valid) return;
    }
  });
  CHECK(r.valid);
  CHECK(n == 0);
}

TEST_CASE("allocations: process_record and process_map allocate nothing for valid records", "[allocations]") {
  const LineProcessor p(compile(every_rule()));
  const std::vector<FieldValue> pairs = valid_pairs();
  std::map<std::string, std::string> ordered;
  std::unordered_map<std::string, std::string> hashed;
  for (const auto& [k, v] : pairs) {
    ordered.emplace(k, v);
    hashed.emplace(k, v);
  }
  REQUIRE(ordered.size() <= 64);
  REQUIRE(p.process_record(pairs).valid);  // warm-up
  LineResult r;
  std::uint64_t n = allocations_during([&] {
    for (int i = 0; i < 100; ++i) {
      r = p.process_record(pairs);
      if (!r.valid) return;
    }
  });
  CHECK(r.valid);
  CHECK(n == 0);

  n = allocations_during([&] {
    for (int i = 0; i < 100; ++i) {
      r = p.process_map(ordered);
      if (!r.valid) return;
      r = p.process_map(hashed);
      if (!r.valid) return;
    }
  });
  CHECK(r.valid);
  CHECK(n == 0);
}

TEST_CASE("allocations: invalid records do allocate their findings", "[allocations]") {
  const LineProcessor p(compile(every_rule()));
  REQUIRE(p.process_json(valid_json).valid);
  REQUIRE(p.process_csv(valid_csv).valid);
  REQUIRE(p.process_record(valid_pairs()).valid);
  LineResult r;
  std::uint64_t n = allocations_during([&] { r = p.process_json(R"({"id":"x","code":"CODE-ABCD-123456-x"})"); });
  CHECK_FALSE(r.valid);
  CHECK(r.errors.size() == 1);
  CHECK(n > 0);
  n = allocations_during([&] { r = p.process_csv("0,CODE-ABCD-123456-x,,,,,,,,,,\n"); });
  CHECK_FALSE(r.valid);
  CHECK(r.errors.size() == 1);
  CHECK(n > 0);
  std::vector<FieldValue> bad{{"code", "nope"}};
  n = allocations_during([&] { r = p.process_record(bad); });
  CHECK_FALSE(r.valid);
  CHECK(r.errors.size() == 2);  // id required, code pattern
  CHECK(n > 0);
  // And a valid record right after an invalid one is allocation-free again.
  REQUIRE(p.process_json(valid_json).valid);
  n = allocations_during([&] { r = p.process_json(valid_json); });
  CHECK(r.valid);
  CHECK(n == 0);
}
