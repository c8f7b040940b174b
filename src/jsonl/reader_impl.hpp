// The JSONL reader, compiled once per simdjson implementation. Included by reader_<isa>.cpp inside
// that implementation's namespace and target region, after every header it needs and after
// `namespace od = simdjson::<implementation>::ondemand;`.
//
// Reads JSONL: one JSON object per line, parsed with simdjson On-Demand. Every value on the line is
// visited, so a line is accepted only if it is entirely valid JSON (On-Demand alone would skip the
// values nobody asks for without validating them). Schema fields are found by key, dotted names
// through nested objects; findings come out in schema order. Lines that are one object of plain
// values take a shorter way that decides them exactly as simdjson would (read_flat_line).

namespace {


using simdjson::error_code;

// simdjson's parser tracks DEFAULT_MAX_DEPTH (1024) levels and must never be asked to open a
// container at that depth or deeper; `depth` below is simdjson's depth of the value being read
// (the line's root value is at depth 1).
constexpr int max_depth = static_cast<int>(simdjson::DEFAULT_MAX_DEPTH);

// What one line said about one schema field.
struct Captured {
  bool seen = false;
  bool missing = true;
  std::string_view text;  // decoded string, or the raw token of other values
  TypedValue typed;
  CellVerdict verdict;
};

std::string_view trim_token(std::string_view raw) {
  while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\t' || raw.back() == '\n' || raw.back() == '\r')) {
    raw.remove_suffix(1);
  }
  return raw;
}

JsonKind kind_of(od::json_type t) {
  switch (t) {
    case od::json_type::array: return JsonKind::array;
    case od::json_type::object: return JsonKind::object;
    case od::json_type::number: return JsonKind::number;
    case od::json_type::string: return JsonKind::string;
    case od::json_type::boolean: return JsonKind::boolean;
    case od::json_type::null: return JsonKind::null;
  }
  return JsonKind::null;
}

// True when the whole document has been consumed (nothing but whitespace follows the value).
bool at_end(od::document& doc) { return doc.current_location().error() == simdjson::OUT_OF_BOUNDS; }

// Offsets of line breaks. Storage that only grows and is never zeroed: find_line_breaks makes
// room for a block's breaks at once and stores them without a check per break. (A std::vector
// with csv::UninitializedAllocator, resized up and back per block, made JSONL validation 4-5%
// slower.)
class LineEnds {
 public:
  std::size_t size() const noexcept { return size_; }
  std::size_t operator[](std::size_t k) const noexcept { return data_[k]; }
  std::size_t back() const noexcept { return data_[size_ - 1]; }
  void clear() noexcept { size_ = 0; }
  void shrink(std::size_t k) noexcept { size_ = k < size_ ? k : size_; }
  // Where `more` further offsets may be written; commit() then counts those written.
  std::size_t* room(std::size_t more) {
    if (capacity_ - size_ < more) {
      const std::size_t capacity = std::max(2 * capacity_, size_ + more);
      auto grown = std::make_unique_for_overwrite<std::size_t[]>(capacity);
      if (size_ > 0) std::memcpy(grown.get(), data_.get(), size_ * sizeof(std::size_t));
      data_ = std::move(grown);
      capacity_ = capacity;
    }
    return data_.get() + size_;
  }
  void commit(std::size_t written) noexcept { size_ += written; }

 private:
  std::unique_ptr<std::size_t[]> data_;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

// The line breaks in data[from, to), appended to `out` as offsets from `data` until `out` holds
// `limit` of them; returns where the search stopped (past the last break taken, or `to`). One
// compare per 64 (AVX-512) or 32 (AVX2) bytes in this implementation's instruction set, instead
// of a memchr call per line.
std::size_t find_line_breaks(const char* data, std::size_t from, std::size_t to, std::size_t limit, LineEnds& out) {
  std::size_t at = from;
#if defined(__AVX512BW__) || defined(__AVX2__)
  // A block's breaks, then the limit.
  auto take = [&](std::uint64_t mask, std::size_t block) {
    std::size_t* slot = out.room(64);
    std::size_t n = 0;
    for (; mask; mask &= mask - 1) slot[n++] = block + static_cast<std::size_t>(__builtin_ctzll(mask));
    out.commit(n);
    if (out.size() < limit) return false;
    out.shrink(limit);
    return true;
  };
#endif
#if defined(__AVX512BW__)
  const __m512i lf = _mm512_set1_epi8('\n');
  for (; at + 64 <= to; at += 64) {
    const std::uint64_t m = _mm512_cmpeq_epi8_mask(_mm512_loadu_si512(data + at), lf);
    if (m && take(m, at)) return out.back() + 1;
  }
#elif defined(__AVX2__)
  const __m256i lf = _mm256_set1_epi8('\n');
  for (; at + 32 <= to; at += 32) {
    const __m256i bytes = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(data + at));
    const auto m = static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(bytes, lf)));
    if (m && take(m, at)) return out.back() + 1;
  }
#endif
  while (at < to) {
    const char* nl = static_cast<const char*>(std::memchr(data + at, '\n', to - at));
    if (!nl) return to;
    *out.room(1) = static_cast<std::size_t>(nl - data);
    out.commit(1);
    at = out.back() + 1;
    if (out.size() == limit) return at;
  }
  return to;
}

bool is_blank(std::string_view line) {
  return std::all_of(line.begin(), line.end(), [](char c) { return c == ' ' || c == '\t' || c == '\r'; });
}

// Checks a number literal. get_double accepts every valid JSON number, including integers beyond
// 64 bits that get_number rejects, and rejects malformed literals (01, 1., -).
error_code validate_number(od::value& v) {
  double d = 0;
  return v.get_double().get(d);
}

// Visits a value completely so that any syntax error in it is found.
error_code validate(od::value& v, int depth) {
  if (depth >= max_depth) return simdjson::DEPTH_ERROR;
  od::json_type t;
  if (auto e = v.type().get(t)) return e;
  switch (t) {
    case od::json_type::array: {
      od::array a;
      if (auto e = v.get_array().get(a)) return e;
      for (auto item : a) {
        od::value element;
        if (auto e = std::move(item).get(element)) return e;
        if (auto e = validate(element, depth + 1)) return e;
      }
      return simdjson::SUCCESS;
    }
    case od::json_type::object: {
      od::object o;
      if (auto e = v.get_object().get(o)) return e;
      for (auto member : o) {
        if (auto e = member.error()) return e;
        od::field& f = const_cast<od::field&>(member.value_unsafe());  // in place, as in walk_object
        std::string_view key;
        if (auto e = f.unescaped_key().get(key)) return e;
        if (auto e = validate(f.value(), depth + 1)) return e;
      }
      return simdjson::SUCCESS;
    }
    case od::json_type::number:
      return validate_number(v);
    case od::json_type::string: {
      std::string_view s;
      return v.get_string().get(s);
    }
    case od::json_type::boolean: {
      bool b;
      return v.get_bool().get(b);
    }
    case od::json_type::null: {
      bool is_null = false;
      if (auto e = v.is_null().get(is_null)) return e;
      return is_null ? simdjson::SUCCESS : simdjson::N_ATOM_ERROR;
    }
  }
  return simdjson::INCORRECT_TYPE;
}

class JsonlReader final : public RecordReader {
 public:
  JsonlReader(const PlanImpl& plan, const ReaderStart& start, std::string_view kernel)
      : plan_(plan), kernel_(kernel), at_file_start_(start.at_file_start), captured_(plan.fields.size()) {
    stream_parser_.threaded = false;  // a run is one batch: no stage-1 thread
    // Room for every key of the plan's paths, so that marking them never allocates.
    visited_.reserve(count_keys(plan.json_root));
  }

  std::string_view kernel_name() const noexcept override { return kernel_; }

  // `length` excludes the line's LF (and a CR before it); `comment` means "blank" here: a line of
  // whitespace only is not a record, however long.
  void oversized(std::string_view head, std::uint64_t length, std::uint64_t, bool terminated, bool blank,
                 std::uint64_t offset, std::size_t max_findings, PartialResult& out) override {
    FindingSink sink(plan_, out, max_findings);
    const std::uint64_t line_index = out.lines_consumed;
    if (terminated) ++out.lines_consumed;
    if (!blank) {
      out.rows_consumed = line_index;
      sink.begin_row(line_index, offset);
      const std::size_t limit = plan_.dialect.max_record_bytes;
      sink.report(plan_.no_field_slot(), "", 0, ErrorType::record_too_large, Constraint::none, head.substr(0, 84), [&] {
        return "the line is " + std::to_string(length) + " bytes, over the limit of " + std::to_string(limit) + " bytes";
      });
      sink.end_row();
    }
    out.rows_consumed = out.lines_consumed;
  }

  std::size_t read(const char* data, std::size_t size, std::uint64_t offset, bool at_eof, std::size_t max_records,
                   std::size_t max_findings, PartialResult& out) override {
    std::size_t pos = 0;
    if (at_file_start_) {
      if (size < 3 && !at_eof) return 0;
      if (size >= 3 && std::memcmp(data, "\xEF\xBB\xBF", 3) == 0) pos = 3;
      at_file_start_ = false;
    }
    FindingSink sink(plan_, out, max_findings);
    std::size_t produced = 0;
    while (produced < max_records && pos < size) {
      if (per_line_left_ == 0) {
        const Run run = read_run(data, size, pos, offset, max_records - produced, sink, out);
        pos = run.pos;
        produced += run.lines;
        if (produced == max_records || pos == size) break;
        if (run.held && run.lines > 0) continue;
        // The line at `pos` goes through the per-line parse: it could not join a run, or it broke
        // one (then so do the lines after it, see read_run).
        per_line_left_ = run.held ? 1 : run.stream_failed ? run.offered - run.lines : stream_pause_lines;
      }
      if (per_line_left_ > 0) --per_line_left_;
      const char* nl = static_cast<const char*>(std::memchr(data + pos, '\n', size - pos));
      if (!nl && !at_eof) break;
      const std::size_t line_end = nl ? static_cast<std::size_t>(nl - data) : size;
      const std::size_t next = nl ? line_end + 1 : size;
      std::string_view line(data + pos, line_end - pos);
      ++produced;
      finish_line(line, offset + pos, offset + next, nl != nullptr, sink, out,
                  [&] { check_line(line, data + pos, size - pos, sink); });
      pos = next;
    }
    out.rows_consumed = out.lines_consumed;
    return pos;
  }

 private:
  // Counts a line read at absolute byte `begin` (the next one starts at `next`) and, unless it is
  // blank, makes it a row whose findings `check` reports.
  template <class Check>
  void finish_line(std::string_view line, std::uint64_t begin, std::uint64_t next, bool terminated,
                   FindingSink& sink, PartialResult& out, Check&& check) {
    const std::uint64_t line_index = out.lines_consumed;
    if (terminated) ++out.lines_consumed;
    if (is_blank(line)) return;
    out.rows_consumed = line_index;
    sink.begin_row(line_index, begin);
    check();
    sink.end_row();
    if (out.want_spans) out.spans.push_back(RowSpan{begin, next, sink.row(), sink.row_invalid(), false});
  }

  // Runs of lines share one simdjson document stream (iterate_many): one stage-1 pass over up to
  // stream_run_bytes of complete lines instead of one per line. A stream reads whitespace-separated
  // JSON values, not lines, so each of its documents is held to its line: it must start at the
  // line's first non-blank byte, be an object that walks without error, and end (its closing
  // brace) on that line, with the next value starting after it. The first line that fails this
  // ends the run; it and the next stream_pause_lines lines go through the per-line parse, which
  // decides and reports them, so a file of bad lines costs no repeated stage-1 passes. A stream
  // whose stage 1 fails (invalid UTF-8, say) sends the run's lines to the per-line parse.
  static constexpr std::size_t stream_run_bytes = std::size_t{256} << 10;
  static constexpr std::size_t stream_pause_lines = 64;

  struct Run {
    std::size_t pos;     // where reading goes on
    std::size_t lines;   // lines consumed (blank ones included)
    std::size_t offered; // complete lines the run was given
    bool held;           // every line offered was consumed
    bool stream_failed;  // the stream's first document was an error (stage 1 failed)
  };

  Run read_run(const char* data, std::size_t size, std::size_t pos, std::uint64_t offset, std::size_t max_lines,
               FindingSink& sink, PartialResult& out) {
    // Complete lines that fit the run, each within max_record_bytes and ending far enough before
    // the data's end for simdjson's reads past its input.
    line_ends_.clear();
    const std::size_t reach = std::min(size < simdjson::SIMDJSON_PADDING ? pos : size - simdjson::SIMDJSON_PADDING,
                                       pos + stream_run_bytes);
    if (reach > pos) find_line_breaks(data, pos, reach, max_lines, line_ends_);
    for (std::size_t k = 0, start = pos; k < line_ends_.size(); start = line_ends_[k] + 1, ++k) {
      if (line_ends_[k] - start > plan_.dialect.max_record_bytes) {
        line_ends_.shrink(k);  // (a line over the limit is reported by the per-line parse)
        break;
      }
    }
    Run run{pos, 0, line_ends_.size(), true, false};
    // Flat lines are read without simdjson (see read_flat_line). A few other lines among them are
    // parsed one by one; once they are more than a few in sixteen, the stream takes the rest.
    std::size_t k = 0;
    for (std::size_t others = 0; k < line_ends_.size(); ++k) {
      const std::size_t start = run.pos;
      const std::string_view raw(data + start, line_ends_[k] - start);
      std::string_view line = raw;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (is_blank(line) || read_flat_line(line)) {
        // A line whose every field passed its quick check has nothing to report.
        finish_line(line, offset + start, offset + line_ends_[k] + 1, true, sink, out, [&] {
          if (quiet_fields_ != plan_.fields.size()) report_fields(sink);
        });
      } else if (++others <= 4 + k / 16) {
        finish_line(raw, offset + start, offset + line_ends_[k] + 1, true, sink, out,
                    [&] { check_line(raw, data + start, size - start, sink); });
      } else {
        break;
      }
      run.pos = line_ends_[k] + 1;
      ++run.lines;
    }
    if (k == line_ends_.size()) return run;
    const std::size_t stream_begin = run.pos;
    od::document_stream stream;
    if (stream_parser_.iterate_many(data + stream_begin, line_ends_.back() + 1 - stream_begin, stream_run_bytes)
            .get(stream)) {
      run.held = false;
      run.stream_failed = true;
      return run;
    }
    auto it = stream.begin();
    bool any_document = false;
    for (; k < line_ends_.size(); ++k) {
      const std::size_t line_end = line_ends_[k];
      const std::size_t start = run.pos;
      std::string_view line(data + start, line_end - start);
      if (!is_blank(line)) {
        const auto first = static_cast<std::size_t>(skip_blanks(line.data(), line.data() + line.size()) - data);
        if (!(it != stream.end()) || it.current_index() != first - stream_begin) {
          run.held = false;
          return run;
        }
        od::document_reference doc;
        if ((*it).get(doc)) {
          run.held = false;
          run.stream_failed = !any_document;
          return run;
        }
        any_document = true;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (!walk_line_document(doc, data + first, line, data + line_ends_.back() + 1)) {
          run.held = false;
          return run;
        }
        ++it;
      }
      finish_line(line, offset + start, offset + line_end + 1, true, sink, out, [&] { report_fields(sink); });
      run.pos = line_end + 1;
      ++run.lines;
    }
    return run;
  }

  // Walks a stream document that starts at `first`, and tells whether it is an object that lies
  // within `line` and is valid JSON; `stream_end` is one past the stream's input.
  bool walk_line_document(od::document_reference& doc, const char* first, std::string_view line,
                          const char* stream_end) {
    for (auto& c : captured_) c = Captured{};
    visited_.clear();
    line_end_ = line.data() + line.size();
    od::json_type t;
    if (doc.type().get(t) || t != od::json_type::object) return false;
    od::object o;
    if (doc.get_object().get(o) || walk_object(o, &plan_.json_root, 1)) return false;
    // The stream's next value starts at `next`; between the document's closing brace and it lies
    // only whitespace.
    const char* next = stream_end;
    if (auto location = doc.current_location(); !location.error()) next = location.value_unsafe();
    const char* close = next;
    while (close > first && (close[-1] == ' ' || close[-1] == '\t' || close[-1] == '\r' || close[-1] == '\n')) --close;
    return close <= line_end_ && next > line_end_;
  }

  void check_line(std::string_view line, const char* start, std::size_t available, FindingSink& sink) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const std::size_t limit = plan_.dialect.max_record_bytes;
    if (line.size() > limit) {
      sink.report(plan_.no_field_slot(), "", 0, ErrorType::record_too_large, Constraint::none, line.substr(0, 84), [&] {
        return "the line is " + std::to_string(line.size()) + " bytes, over the limit of " + std::to_string(limit) + " bytes";
      });
      return;
    }
    // simdjson reads up to SIMDJSON_PADDING bytes past the line; the bytes that follow in the
    // buffer serve when there are enough of them, else the line is copied.
    simdjson::padded_string_view view;
    if (available >= line.size() + simdjson::SIMDJSON_PADDING) {
      view = simdjson::padded_string_view(start, line.size(), available);
    } else {
      padded_.assign(line);
      padded_.resize(line.size() + simdjson::SIMDJSON_PADDING, ' ');
      view = simdjson::padded_string_view(padded_.data(), line.size(), padded_.size());
    }
    for (auto& c : captured_) c = Captured{};
    visited_.clear();
    error_code error = parse(view);
    if (error == simdjson::UTF8_ERROR) {
      sink.report(plan_.no_field_slot(), "", 0, ErrorType::encoding_error, Constraint::none, line,
                  [] { return std::string("the line is not valid UTF-8"); });
      return;
    }
    if (!error && root_kind_ != JsonKind::object) {
      sink.report(plan_.no_field_slot(), "", 0, ErrorType::not_an_object, Constraint::none, line, [&] {
        return "the line is a JSON " + std::string(json_kind_name(root_kind_)) + ", not an object";
      });
      return;
    }
    // simdjson reports a root object or array whose last token is not its closing bracket as
    // ended early, also when the bracket came and something follows it ({"a":1} x).
    if (error == simdjson::INCOMPLETE_ARRAY_OR_OBJECT && closed_before_end(line)) error = simdjson::TRAILING_CONTENT;
    if (error) {
      sink.report(plan_.no_field_slot(), "", 0, ErrorType::malformed_json, Constraint::none, line,
                  [&] { return "the line is not valid JSON: " + std::string(simdjson::error_message(error)); });
      return;
    }
    report_fields(sink);
  }

  // Whether the line's first object or array closes before the line ends, with more than white
  // space after it. Brackets inside strings do not count.
  static bool closed_before_end(std::string_view line) {
    std::size_t depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
      const char c = line[i];
      if (in_string) {
        if (c == '\\') ++i;
        else if (c == '"') in_string = false;
      } else if (c == '"') {
        in_string = true;
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if ((c == '}' || c == ']') && depth > 0 && --depth == 0) {
        return line.find_first_not_of(" \t\n\r", i + 1) != std::string_view::npos;
      }
    }
    return false;
  }

  // Parses and validates the whole line, capturing schema fields; root_kind_ tells whether the
  // line was an object.
  error_code parse(simdjson::padded_string_view view) {
    od::document doc;
    line_end_ = view.data() + view.length();
    if (auto e = parser_.iterate(view).get(doc)) return e;
    od::json_type t;
    if (auto e = doc.type().get(t)) return e;
    root_kind_ = kind_of(t);
    error_code e = simdjson::SUCCESS;
    switch (t) {
      case od::json_type::object: {
        od::object o;
        if ((e = doc.get_object().get(o))) return e;
        if ((e = walk_object(o, &plan_.json_root, 1))) return e;
        break;
      }
      case od::json_type::array: {
        od::value v;
        if ((e = doc.get_value().get(v))) return e;
        e = validate(v, 1);
        break;
      }
      case od::json_type::number: {
        double d = 0;
        e = doc.get_double().get(d);
        break;
      }
      case od::json_type::string: {
        std::string_view s;
        e = doc.get_string().get(s);
        break;
      }
      case od::json_type::boolean: {
        bool b;
        e = doc.get_bool().get(b);
        break;
      }
      case od::json_type::null: {
        bool is_null = false;
        e = doc.is_null().get(is_null);
        if (!e && !is_null) e = simdjson::N_ATOM_ERROR;
        break;
      }
    }
    if (e) return e;
    if (!at_end(doc)) return simdjson::TRAILING_CONTENT;
    return simdjson::SUCCESS;
  }

  static std::size_t count_keys(const JsonKeyNode& node) {
    std::size_t n = node.children.size();
    for (const auto& c : node.children) {
      if (c.nested) n += count_keys(*c.nested);
    }
    return n;
  }

  // True the first time a key of the plan's paths is met on this line: the first occurrence of a
  // duplicate key wins, for a field's value and for a parent object alike.
  bool first_visit(const JsonKeyNode::Child* child) {
    if (std::find(visited_.begin(), visited_.end(), child) != visited_.end()) return false;
    visited_.push_back(child);
    return true;
  }

  // Walks the object `o` (at `depth`) whose keys are `node`'s children.
  // A key without escapes or control characters is its own raw text (stage 1 has validated its
  // UTF-8, and it ends at the next quote); anything else is unescaped, which also validates it.
  static error_code read_key(od::field& f, std::string_view& key) {
    const char* raw = f.key().raw();
    std::size_t n = 0;
    for (;; ++n) {
      const auto c = static_cast<unsigned char>(raw[n]);
      if (c == '"') {
        key = std::string_view(raw, n);
        return simdjson::SUCCESS;
      }
      if (c == '\\' || c < 0x20) break;
    }
    return f.unescaped_key().get(key);
  }

  // The child of `node` whose key the raw key at `raw` (just past its opening quote) spells, tried
  // first against the child after the last one found (keys usually come in schema order). A
  // plain key is compared with the raw bytes (16 of them for a key under 16 bytes); simdjson's
  // padding keeps a read of up to 65 bytes past the key's start inside the buffer. Null when the
  // guess does not match.
  static const JsonKeyNode::Child* guess_child(const JsonKeyNode* node, std::size_t guess, const char* raw) {
    if (!node || guess >= node->children.size()) return nullptr;
    const JsonKeyNode::Child& c = node->children[guess];
    if (c.quoted_mask[0] != 0) {  // a short key: two masked word compares, no call
      std::uint64_t w[2];
      std::memcpy(w, raw, 16);
      return (((w[0] ^ c.quoted[0]) & c.quoted_mask[0]) | ((w[1] ^ c.quoted[1]) & c.quoted_mask[1])) == 0 ? &c : nullptr;
    }
    if (!c.plain || raw[c.key.size()] != '"' || std::memcmp(raw, c.key.data(), c.key.size()) != 0) return nullptr;
    return &c;
  }

  error_code walk_object(od::object o, const JsonKeyNode* node, int depth) {
    if (depth >= max_depth) return simdjson::DEPTH_ERROR;
    std::size_t guess = 0;
    for (auto member : o) {
      if (auto e = member.error()) return e;
      // The field in place: moving it out of `member` costs a store-forwarding stall per field.
      // (simdjson offers no mutable reference; `member` is a local, so the cast is sound.)
      od::field& f = const_cast<od::field&>(member.value_unsafe());
      const JsonKeyNode::Child* child = guess_child(node, guess, f.key().raw());
      if (!child) {
        std::string_view key;
        if (auto e = read_key(f, key)) return e;
        child = node ? node->find(key) : nullptr;
      }
      if (child) guess = static_cast<std::size_t>(child - node->children.data()) + 1;
      // By reference: copying simdjson values costs a store-forwarding stall per field.
      od::value& v = f.value();
      error_code e = simdjson::SUCCESS;
      if (child && first_visit(child)) {
        if (child->field >= 0) {
          e = capture(plan_.fields[static_cast<std::size_t>(child->field)], v, depth + 1, child->nested.get());
        } else {
          e = descend(v, child->nested.get(), depth + 1);
        }
      } else {
        e = validate(v, depth + 1);
      }
      if (e) return e;
    }
    return simdjson::SUCCESS;
  }

  // Reads a value below which schema paths continue: an object is walked for them, anything else
  // only validated (its paths are then absent).
  error_code descend(od::value& v, const JsonKeyNode* nested, int depth) {
    if (!nested) return validate(v, depth);
    od::json_type t;
    if (auto e = v.type().get(t)) return e;
    if (t != od::json_type::object) return validate(v, depth);
    od::object inner;
    if (auto e = v.get_object().get(inner)) return e;
    return walk_object(inner, nested, depth);
  }

  // Reads one schema field's value (at `depth`), type-checks it and runs its rules. `nested` holds
  // the schema paths that continue below this field, if any.
  error_code capture(const CompiledField& f, od::value& v, int depth, const JsonKeyNode* nested) {
    Captured& c = captured_[f.index];
    c.seen = true;
    od::json_type t;
    if (auto e = v.type().get(t)) return e;
    c.typed.type = f.type;
    auto wrong_type = [&](std::string_view token) { wrong_json_type(c, token, kind_of(t)); };
    switch (t) {
      case od::json_type::null: {
        bool is_null = false;
        if (auto e = v.is_null().get(is_null)) return e;
        if (!is_null) return simdjson::N_ATOM_ERROR;
        c.missing = true;
        return simdjson::SUCCESS;
      }
      case od::json_type::string: {
        std::string_view s;
        if (auto e = v.get_string().get(s)) return e;
        capture_string(f, c, s);
        return simdjson::SUCCESS;
      }
      case od::json_type::number: {
        std::string_view token = trim_token(v.raw_json_token());
        c.missing = false;
        c.text = token;
        if (f.type == Type::integer) {
          od::number_type nt;
          if (auto e = v.get_number_type().get(nt)) return e;
          // A failed get_int64 does not move the iterator, so the literal can be checked again.
          if (nt != od::number_type::signed_integer || v.get_int64().get(c.typed.i)) {
            // Validate the literal before judging its type: negative integers below INT64_MIN
            // are "signed" to simdjson but do not fit either.
            if (auto e = validate_number(v)) return e;
            c.verdict.type_problem = nt == od::number_type::floating_point_number ? TypeProblem::not_integer
                                                                                  : TypeProblem::integer_out_of_range;
            return simdjson::SUCCESS;
          }
        } else if (f.type == Type::number) {
          if (auto e = v.get_double().get(c.typed.d)) return e;
        } else if (f.type == Type::any) {
          if (auto e = validate_number(v)) return e;
          c.typed.s = token;
        } else {
          if (auto e = validate_number(v)) return e;
          wrong_type(token);
          return simdjson::SUCCESS;
        }
        check_rules(f, c.typed, c.verdict);
        return simdjson::SUCCESS;
      }
      case od::json_type::boolean: {
        bool b = false;
        std::string_view token = trim_token(v.raw_json_token());
        if (auto e = v.get_bool().get(b)) return e;
        c.missing = false;
        c.text = token;
        if (f.type == Type::boolean) c.typed.i = b ? 1 : 0;
        else if (f.type == Type::any) c.typed.s = token;
        else {
          wrong_type(token);
          return simdjson::SUCCESS;
        }
        check_rules(f, c.typed, c.verdict);
        return simdjson::SUCCESS;
      }
      case od::json_type::array:
      case od::json_type::object: {
        // Visit the container with the line's own iterator (validating it, and capturing the
        // schema paths below it), then take its text from its first byte to the next token.
        const char* begin = v.raw_json_token().data();
        if (auto e = t == od::json_type::object ? descend(v, nested, depth) : validate(v, depth)) return e;
        const char* end = nullptr;
        if (v.current_location().get(end)) end = line_end_;
        std::string_view raw = trim_token(std::string_view(begin, static_cast<std::size_t>(end - begin)));
        c.missing = false;
        c.text = raw;
        if (f.type == Type::any) {
          c.typed.s = raw;
          check_rules(f, c.typed, c.verdict);
        } else {
          wrong_type(raw);
        }
        return simdjson::SUCCESS;
      }
    }
    return simdjson::INCORRECT_TYPE;
  }

  // A string value `s` (decoded) of field `f`.
  void capture_string(const CompiledField& f, Captured& c, std::string_view s) {
    if (f.missing.is_missing(s)) return;
    c.missing = false;
    c.text = s;
    if (f.type == Type::integer || f.type == Type::number || f.type == Type::boolean) {
      wrong_json_type(c, s, JsonKind::string);
      return;
    }
    // A quick pass leaves the empty verdict, and `typed` unset but for a unique field (a plain
    // string, the only kind of unique field with a quick check), whose key report_fields makes.
    if (quick_pass(f, s)) {
      if (f.unique_slot < 0) {
        ++quiet_fields_;
      } else {
        c.typed.type = Type::string;
        c.typed.s = s;
      }
    } else {
      c.verdict = check_text(f, s, c.typed, scratch_);
    }
  }

  static void wrong_json_type(Captured& c, std::string_view token, JsonKind kind) {
    c.missing = false;
    c.text = token;
    c.verdict.type_problem = TypeProblem::wrong_json_type;
    c.verdict.detail = static_cast<std::uint64_t>(kind);
  }

  // Flat lines: most JSONL lines are one object of plain values, and those are read here without
  // simdjson, in one pass over the line's bytes. The pass takes only what it can decide exactly as
  // the simdjson walk would: keys and strings of printable ASCII without escapes, numbers without
  // an exponent and of at most 18 digits (read exactly, see read_flat_value), true, false and
  // null, with whitespace between. Anything else (a nested value, an escape, a byte outside
  // printable ASCII, an exponent, a key on a path into nested objects) makes it return false, and
  // the line goes to simdjson, which decides it.
  //
  // `line` is the line without its line break (nor a CR before it); the byte at its end (the CR or
  // LF) and the 31 after it are readable.
  bool read_flat_line(std::string_view line) {
    for (auto& c : captured_) c = Captured{};
    quiet_fields_ = 0;
    const char* p = skip_blanks(line.data(), line.data() + line.size());
    const char* const end = line.data() + line.size();
    if (p == end || *p != '{') return false;
    p = skip_blanks(p + 1, end);
    if (p < end && *p == '}') return skip_blanks(p + 1, end) == end;
    const JsonKeyNode* const node = &plan_.json_root;
    std::size_t guess = 0;
    while (true) {
      if (p >= end || *p != '"') return false;
      ++p;
      const JsonKeyNode::Child* child = nullptr;
      const char* key_end = nullptr;
      if (guess < node->children.size() && node->children[guess].key.size() < static_cast<std::size_t>(end - p)) {
        child = guess_child(node, guess, p);
      }
      if (child) {
        key_end = p + child->key.size();
      } else {
        if (!(key_end = plain_string_end(p, end))) return false;
        child = node->find(std::string_view(p, static_cast<std::size_t>(key_end - p)));
      }
      p = skip_blanks(key_end + 1, end);
      if (p >= end || *p != ':') return false;
      p = skip_blanks(p + 1, end);
      const CompiledField* field = nullptr;
      if (child) {
        if (child->nested || child->field < 0) return false;
        guess = static_cast<std::size_t>(child - node->children.data()) + 1;
        // The first occurrence of a key wins; a flat line's keys each name one field, whose `seen`
        // marks it visited.
        const auto index = static_cast<std::size_t>(child->field);
        if (!captured_[index].seen) field = &plan_.fields[index];
      }
      if (!(p = read_flat_value(field, p, end))) return false;
      p = skip_blanks(p, end);
      if (p >= end) return false;
      if (*p == '}') return skip_blanks(p + 1, end) == end;
      if (*p != ',') return false;
      p = skip_blanks(p + 1, end);
    }
  }

  static const char* skip_blanks(const char* p, const char* end) {
    if (static_cast<unsigned char>(*p) > ' ') return p;  // the common case: no blank (the byte at end is a CR or LF)
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r')) ++p;
    return p;
  }

  // The closing quote of a string whose content starts at `p`, or null when a backslash, a
  // control character or a non-ASCII byte comes first, or the line ends first. Reads up to 31
  // bytes past `end`.
  static const char* plain_string_end(const char* p, const char* end) {
    for (; p < end; p += 32) {
#if defined(__AVX2__)
      const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
      const __m256i stop = _mm256_or_si256(
          _mm256_or_si256(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('"')), _mm256_cmpeq_epi8(v, _mm256_set1_epi8('\\'))),
          _mm256_cmpgt_epi8(_mm256_set1_epi8(0x20), v));  // signed: below 0x20, or 0x80 and above
      const auto bits = static_cast<std::uint32_t>(_mm256_movemask_epi8(stop));
      if (bits == 0) continue;
      const char* at = p + __builtin_ctz(bits);
#else
      std::uint32_t found = 32;
      for (std::uint32_t i = 0; i < 32; ++i) {
        const auto c = static_cast<unsigned char>(p[i]);
        if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) {
          found = i;
          break;
        }
      }
      if (found == 32) continue;
      const char* at = p + found;
#endif
      return at < end && *at == '"' ? at : nullptr;
    }
    return nullptr;
  }

  // Reads the value at `p` (of schema field `field`, or of no field when null) and returns the
  // byte after it, or null when the line is not flat.
  const char* read_flat_value(const CompiledField* field, const char* p, const char* end) {
    if (p >= end) return nullptr;
    Captured* c = field ? &captured_[field->index] : nullptr;
    if (c) {
      c->seen = true;
      c->typed.type = field->type;
    }
    const char first = *p;
    if (first == '"') {
      const char* close = plain_string_end(p + 1, end);
      if (!close) return nullptr;
      if (c) capture_string(*field, *c, std::string_view(p + 1, static_cast<std::size_t>(close - p - 1)));
      return close + 1;
    }
    if (first == 't' || first == 'f' || first == 'n') {
      const std::string_view word = first == 't' ? "true" : first == 'f' ? "false" : "null";
      if (static_cast<std::size_t>(end - p) < word.size() || std::memcmp(p, word.data(), word.size()) != 0) return nullptr;
      const char* after = p + word.size();
      if (after < end && !(*after == ' ' || *after == '\t' || *after == '\r' || *after == ',' || *after == '}')) return nullptr;
      if (!c || first == 'n') return after;  // null leaves the field missing
      const std::string_view token(p, word.size());
      if (field->type != Type::boolean) {
        if (field->type == Type::any) return nullptr;
        wrong_json_type(*c, token, JsonKind::boolean);
        return after;
      }
      c->missing = false;
      c->text = token;
      c->typed.i = first == 't' ? 1 : 0;
      check_rules(*field, c->typed, c->verdict);
      return after;
    }
    // A number: -?(0|[1-9][0-9]*)(.[0-9]+)?, and no exponent here. Its digits are read into an
    // integer as they are checked; at most 18 of them always fit.
    auto digit = [](char ch) { return static_cast<unsigned>(static_cast<unsigned char>(ch) - '0'); };
    const bool negative = first == '-';
    const char* q = p + (negative ? 1 : 0);
    const char* const digits_begin = q;
    std::uint64_t mantissa = 0;
    if (digit(*q) >= 10 || (*q == '0' && digit(q[1]) < 10)) return nullptr;  // no digit, or a leading zero
    for (; digit(*q) < 10; ++q) mantissa = mantissa * 10 + digit(*q);
    std::size_t digits = static_cast<std::size_t>(q - digits_begin);
    std::size_t fraction = 0;
    if (*q == '.') {
      const char* const fraction_begin = ++q;
      for (; digit(*q) < 10; ++q) mantissa = mantissa * 10 + digit(*q);
      fraction = static_cast<std::size_t>(q - fraction_begin);
      if (fraction == 0) return nullptr;
      digits += fraction;
    }
    // (The line ends at a CR or LF, which stops every loop above at `end` at the latest.)
    if (q < end && !(*q == ' ' || *q == '\t' || *q == '\r' || *q == ',' || *q == '}')) return nullptr;
    if (!c) return q;
    const std::string_view token(p, static_cast<std::size_t>(q - p));
    if (digits > 18 || (field->type == Type::integer && token == "-0")) return nullptr;
    c->missing = false;
    c->text = token;
    if (field->type == Type::integer) {
      if (fraction > 0) {
        c->verdict.type_problem = TypeProblem::not_integer;
        return q;
      }
      c->typed.i = negative ? -static_cast<std::int64_t>(mantissa) : static_cast<std::int64_t>(mantissa);
      // Within a quick check's bounds the rules pass (see quick_pass).
      if (field->quick == QuickCheck::integer && c->typed.i >= field->quick_min_integer &&
          c->typed.i <= field->quick_max_integer) {
        ++quiet_fields_;
        return q;
      }
    } else if (field->type == Type::number) {
      if (field->quick == QuickCheck::number && quick_decimal_within(*field, negative, mantissa, fraction)) {
        ++quiet_fields_;
        return q;
      }
      // Correctly rounded, as simdjson's reading is.
      if (!exact_decimal(negative, mantissa, fraction, c->typed.d) &&
          parse_double(token, c->typed.d) != ParseStatus::ok) {
        return nullptr;
      }
      if (field->quick == QuickCheck::number && c->typed.d >= field->quick_min_number &&
          c->typed.d <= field->quick_max_number) {
        ++quiet_fields_;
        return q;
      }
    } else {
      if (field->type == Type::any) return nullptr;
      wrong_json_type(*c, token, JsonKind::number);
      return q;
    }
    check_rules(*field, c->typed, c->verdict);
    return q;
  }

  void report_fields(FindingSink& sink) {
    for (const CompiledField& f : plan_.fields) {
      Captured& c = captured_[f.index];
      const std::uint32_t number = f.index + 1;
      if (c.missing) {
        if (f.required) sink.required_missing(f, number, c.text);
        continue;
      }
      if (!c.verdict.ok()) sink.cell(f, number, c.verdict, c.text);
      if (c.verdict.type_problem != TypeProblem::none) continue;
      if (f.unique_slot >= 0) sink.unique_value(static_cast<std::uint32_t>(f.unique_slot), number, unique_key(c.typed), c.text);
    }
    composite_key(sink);
  }

  void composite_key(FindingSink& sink) {
    if (plan_.composite_key.empty()) return;
    key_buffer_.clear();
    key_text_.clear();
    for (std::size_t k = 0; k < plan_.composite_key.size(); ++k) {
      const Captured& c = captured_[plan_.composite_key[k]];
      if (c.missing || c.verdict.type_problem != TypeProblem::none) return;
      append_canonical(c.typed, key_buffer_);
      if (k) key_text_ += ", ";
      key_text_ += c.text.substr(0, 84);
    }
    sink.unique_value(static_cast<std::uint32_t>(plan_.composite_key_slot), plan_.composite_key.front() + 1,
                      unique_key_of_bytes(key_buffer_), key_text_);
  }

  const PlanImpl& plan_;
  std::string_view kernel_;
  bool at_file_start_;
  od::parser parser_;
  od::parser stream_parser_{stream_run_bytes};  // for runs of lines (see read_run)
  LineEnds line_ends_;                          // the lines of the current run
  std::size_t per_line_left_ = 0;               // lines to parse one by one before the next run
  std::string padded_;
  const char* line_end_ = nullptr;                   // one past the line being parsed
  std::vector<const JsonKeyNode::Child*> visited_;  // keys of the plan's paths met on this line
  std::string scratch_;
  std::vector<Captured> captured_;
  // Fields of the current flat line captured and passing their quick check: when that is every
  // field of the plan (each is captured at most once), the line has nothing to report.
  std::size_t quiet_fields_ = 0;
  JsonKind root_kind_ = JsonKind::object;
  std::string key_buffer_;
  std::string key_text_;
};

}  // namespace

// `kernel` is the name reported in results.
inline std::unique_ptr<RecordReader> make(const PlanImpl& plan, const ReaderStart& start, std::string_view kernel) {
  return std::make_unique<JsonlReader>(plan, start, kernel);
}
