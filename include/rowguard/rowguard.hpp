#pragma once
/// Umbrella header: everything a user of rowguard needs.
///
///   #include <rowguard/rowguard.hpp>
///   using namespace rowguard;
///   Schema schema{{"id", Field::integer().required().unique()},
///                 {"email", Field::string().format("email")}};
///   Validator validator(compile(schema));
///   ValidationResult result = validator.validate_file("users.csv");

#include "rowguard/cached.hpp"
#include "rowguard/dialect.hpp"
#include "rowguard/distributed.hpp"
#include "rowguard/error.hpp"
#include "rowguard/kernels.hpp"
#include "rowguard/line_processor.hpp"
#include "rowguard/map_reduce.hpp"
#include "rowguard/plan.hpp"
#include "rowguard/report.hpp"
#include "rowguard/result.hpp"
#include "rowguard/schema.hpp"
#include "rowguard/streaming.hpp"
#include "rowguard/validator.hpp"
#include "rowguard/version.hpp"
