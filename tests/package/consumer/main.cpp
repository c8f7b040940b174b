// A consumer of rowguard: validates a small in-memory CSV and exits 0 only when the result is
// exactly what the data says (row 3 breaks the email pattern, row 4 the amount minimum).
#include <rowguard/rowguard.hpp>

#include <iostream>
#include <sstream>
#include <string>

int main() {
  using namespace rowguard;
  try {
    Schema schema{{"id", Field::integer().required()},
                  {"email", Field::string().pattern(R"([^@\s]+@[^@\s]+)")},
                  {"amount", Field::number().min(0.01)}};
    Validator validator(compile(schema));
    const std::string csv =
        "id,email,amount\n"
        "1,ada@example.org,5\n"
        "2,not-an-email,3\n"
        "3,bob@example.org,-1\n";
    const ValidationResult result = validator.validate_buffer(csv, Format::csv);

    bool ok = result.total_rows == 3 && result.valid_rows == 1 && result.invalid_rows == 2 &&
              result.findings.size() == 2;
    if (ok) {
      const Finding& a = result.findings[0];
      const Finding& b = result.findings[1];
      ok = a.row == 3 && a.field == "email" && a.type == ErrorType::constraint_error &&
           a.constraint == Constraint::pattern && b.row == 4 && b.field == "amount" &&
           b.type == ErrorType::constraint_error && b.constraint == Constraint::minimum;
    }

    // One record at a time, and the report writer, through the same installed library.
    LineProcessor lines(compile(schema));
    ok = ok && lines.process_csv("7,eve@example.org,1.5\n").valid && !lines.process_json(R"({"id":"7"})").valid;
    std::ostringstream report;
    write_json_report(report, result, "in-memory");
    ok = ok && report.str().find("\"invalid_rows\"") != std::string::npos;

    if (!ok) {
      std::cerr << "rowguard consumer: unexpected result\n";
      write_text_report(std::cerr, result, "in-memory");
      return 1;
    }
    std::cout << "rowguard " << version_string << " consumer: OK\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "rowguard consumer: " << e.what() << "\n";
    return 1;
  }
}
