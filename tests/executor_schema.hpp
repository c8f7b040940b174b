#pragma once
// The schema the executor tests and the fuzz targets validate against: it has both whole-file
// rules the executors must carry across chunks (a unique field, a composite primary key).

#include "rowguard/schema.hpp"

namespace rowguard::test {

// id: integer, unique; name: at most 12 characters; k1 + k2: a composite primary key (so both
// required); note: any string.
inline Schema executor_schema() {
  Schema s{{"id", Field::integer().unique()},
           {"name", Field::string().max_length(12)},
           {"k1", Field::integer()},
           {"k2", Field::string()},
           {"note", Field::string()}};
  s.primary_key({"k1", "k2"});
  return s;
}

}  // namespace rowguard::test
