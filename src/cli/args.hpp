#pragma once
// A small command-line parser: "--name value", "--name=value", flags, and positional arguments.

#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace rowguard::cli {

// A usage mistake; the message is shown with a pointer to --help. Exit code 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Args {
 public:
  // `with_value` lists options that take a value; `flags` those that do not.
  Args(const std::vector<std::string>& argv, const std::set<std::string>& with_value, const std::set<std::string>& flags) {
    bool only_positional = false;
    for (std::size_t i = 0; i < argv.size(); ++i) {
      const std::string& a = argv[i];
      if (only_positional || a == "-" || a.rfind("--", 0) != 0) {
        if (!only_positional && a.size() > 1 && a[0] == '-' && a != "-") {
          if (a == "-h") {
            flags_.insert("--help");
            continue;
          }
          throw UsageError("unknown option " + a);
        }
        positional_.push_back(a);
        continue;
      }
      if (a == "--") {
        only_positional = true;
        continue;
      }
      std::string name = a;
      std::optional<std::string> value;
      if (auto eq = a.find('='); eq != std::string::npos) {
        name = a.substr(0, eq);
        value = a.substr(eq + 1);
      }
      if (with_value.count(name)) {
        if (!value) {
          if (i + 1 >= argv.size()) throw UsageError(name + " needs a value");
          value = argv[++i];
        }
        values_[name] = *value;
      } else if (flags.count(name)) {
        if (value) throw UsageError(name + " takes no value");
        flags_.insert(name);
      } else {
        throw UsageError("unknown option " + name);
      }
    }
  }

  std::optional<std::string> get(const std::string& name) const {
    auto it = values_.find(name);
    if (it == values_.end()) return std::nullopt;
    return it->second;
  }
  std::string get_or(const std::string& name, const std::string& fallback) const { return get(name).value_or(fallback); }
  bool flag(const std::string& name) const { return flags_.count(name) > 0; }
  const std::vector<std::string>& positional() const { return positional_; }

  // A non-negative integer option.
  std::optional<std::size_t> count(const std::string& name) const {
    auto v = get(name);
    if (!v) return std::nullopt;
    std::size_t pos = 0;
    unsigned long long n = 0;
    try {
      n = std::stoull(*v, &pos);
    } catch (const std::exception&) {
      pos = 0;
    }
    if (pos != v->size() || v->empty() || (*v)[0] == '-') throw UsageError(name + " must be a non-negative integer, got \"" + *v + "\"");
    return static_cast<std::size_t>(n);
  }

 private:
  std::map<std::string, std::string> values_;
  std::set<std::string> flags_;
  std::vector<std::string> positional_;
};

}  // namespace rowguard::cli
