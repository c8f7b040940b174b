// Catch2 entry point for rowguard_tests.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
