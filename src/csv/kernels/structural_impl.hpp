// The generic bitmask CSV tokenizer. Included once per instruction set, inside that kernel's own
// namespace and target region, after the namespace defines:
//
//   struct Classifier {
//     explicit Classifier(const KernelDialect&);
//     Masks classify(const char* block) const;  // 64 readable bytes classified
//   };
//   std::uint64_t prefix_xor(std::uint64_t bits);  // bit i = XOR of bits 0..i
//   int trailing_zeros(std::uint64_t bits);        // 64 for 0
//   int popcount(std::uint64_t bits);
//
// and, when it has a faster way than the generic one below, defines ROWGUARD_KERNEL_FLATTEN and
//   void flatten(std::uint32_t* out, std::uint32_t base, std::uint64_t bits);
// writing base + the index of each set bit, in order, within the 72 entries the caller keeps spare.
//
// No standard-library template is used here, so nothing compiled for the kernel's instruction set
// can be shared with (and leak into) the rest of the program.
//
// How it works, per 64-byte block:
// - `inside` (bytes inside quotes) is the prefix XOR of the quote mask, carried across blocks: a
//   quote toggles the state, and a doubled quote toggles it twice.
// - That reading agrees with the reference state machine exactly when every quote is regular: a
//   quote that opens must follow a separator, a line break, the start of the record or (doubled
//   quotes) a closing quote; a quote that closes must precede a separator, a line break, the end of
//   the data or (doubled quotes) another quote. The first irregular quote stops the kernel at the
//   start of its record, and the caller gives that record to the state machine.
// - Delimiters and line breaks outside quotes are the structure; the LF of a CRLF is dropped so
//   that the CR ends the record. All structural positions are written to the field array without
//   branching on their kind ("flattening"); then only the line breaks, about one per row, are
//   visited to cut records, each record's field count coming from a popcount.
// - Field ends are written as they are found, as 32-bit offsets from the start of the data (modulo
//   2^32, see Batch::field_end), so cutting a record does not touch its fields again.

#ifndef ROWGUARD_KERNEL_FLATTEN
inline void flatten(std::uint32_t* out, std::uint32_t base, std::uint64_t bits) {
  // Writes eight positions unconditionally, then more only for denser blocks: a typical block
  // holds fewer than eight separators, so its flattening takes no branch that can be mispredicted.
  // Entries past the last set bit are garbage; the caller keeps 64 + 8 spare entries and advances
  // its count by the popcount.
  const int count = popcount(bits);
  for (int i = 0; i < 8; ++i) {
    out[i] = base + static_cast<std::uint32_t>(trailing_zeros(bits));
    bits &= bits - 1;
  }
  if (count <= 8) return;
  for (int i = 8; i < 16; ++i) {
    out[i] = base + static_cast<std::uint32_t>(trailing_zeros(bits));
    bits &= bits - 1;
  }
  for (out += 16; bits; out += 4) {
    out[0] = base + static_cast<std::uint32_t>(trailing_zeros(bits));
    bits &= bits - 1;
    out[1] = base + static_cast<std::uint32_t>(trailing_zeros(bits));
    bits &= bits - 1;
    out[2] = base + static_cast<std::uint32_t>(trailing_zeros(bits));
    bits &= bits - 1;
    out[3] = base + static_cast<std::uint32_t>(trailing_zeros(bits));
    bits &= bits - 1;
  }
}
#endif

// The masks of the 64 bytes at `at`. Fewer than 64 bytes left are classified from a copy padded
// with NULs, and their masks are cleared past the data's end.
inline Masks classify_block(const Classifier& classifier, const char* data, std::size_t size, std::size_t at) {
  const std::size_t avail = size - at;
  if (avail >= 64) return classifier.classify(data + at);
  char tail[64];
  for (std::size_t i = 0; i < 64; ++i) tail[i] = i < avail ? data[at + i] : '\0';
  Masks m = classifier.classify(tail);
  const std::uint64_t valid = (std::uint64_t{1} << avail) - 1;
  m.quote &= valid;
  m.delim &= valid;
  m.cr &= valid;
  m.lf &= valid;
  return m;
}

inline Result scan(const char* data, std::size_t size, std::size_t pos, bool at_eof, std::size_t max_records,
                   const KernelDialect& d, Output& out) {
  constexpr std::size_t spare = 72;  // flatten writes up to 64 + 8 entries past the count
  const Classifier classifier(d);
  const bool dq = d.double_quote;
  std::size_t rec_start = pos;
  std::size_t field_mark = out.field_count;  // first field of the current record
  std::size_t produced = 0;
  std::uint64_t inside_carry = 0;   // all ones when the previous block ended inside quotes
  std::uint64_t prev_ok_carry = 1;  // a quote at the first byte opens a field (record start)
  std::uint64_t cr_carry = 0;       // the previous block ended with a CR
  std::uint64_t breaks_before_block = 0;
  std::uint64_t breaks_before_record = 0;

  // The output arrays' counts live in locals: stores into the arrays could otherwise alias them
  // (a record's offsets have the counts' type) and force a reload after every store.
  Record* const records = out.records;
  std::uint32_t* const field_ends = out.field_ends;
  const std::size_t record_capacity = out.record_capacity;
  const std::size_t field_capacity = out.field_capacity;
  std::size_t record_count = out.record_count;
  std::size_t field_count = out.field_count;

  auto stop = [&](Stop why) -> Result {
    out.record_count = record_count;
    out.field_count = field_mark;  // drop the fields of the unfinished record
    return Result{rec_start, why};
  };
  // Cuts the current record at `end`; its last field end is at index `last` of the field array.
  auto cut = [&](std::size_t end, std::size_t next, std::size_t last, std::uint64_t breaks, std::uint8_t flags) {
    Record& r = records[record_count++];
    r.begin = rec_start;
    r.end = end;
    r.first_field = static_cast<std::uint32_t>(field_mark);
    r.field_count = static_cast<std::uint32_t>(last + 1 - field_mark);
    r.line_breaks = static_cast<std::uint32_t>(breaks);
    r.flags = flags;
    r.next_begin = next;
    if (end - rec_start > d.max_record_bytes) {
      r.flags = static_cast<std::uint8_t>(r.flags | too_large);
      r.field_count = 0;
    }
    rec_start = next;
    field_mark = last + 1;
    ++produced;
  };

  std::size_t block = pos;
  while (block < size) {
    if (field_capacity - field_count < spare) return stop(Stop::need_fields);
    const std::size_t avail = size - block;
    Masks m = classify_block(classifier, data, size, block);

    // Most blocks hold no quote and no CR and start outside quotes: then every delimiter and LF is
    // structure and nothing else needs looking at.
    if ((m.quote | m.cr | inside_carry | cr_carry) == 0) {
      const std::uint64_t structural = m.delim | m.lf;
      prev_ok_carry = structural >> 63;
      const std::size_t block_fields = field_count;
      flatten(field_ends + block_fields, static_cast<std::uint32_t>(block), structural);
      field_count += static_cast<std::size_t>(popcount(structural));
      for (std::uint64_t lines = m.lf; lines; lines &= lines - 1) {
        const int bit = trailing_zeros(lines);
        const std::uint64_t mask = std::uint64_t{1} << bit;
        const std::size_t at = block + static_cast<std::size_t>(bit);
        const std::size_t last = block_fields + static_cast<std::size_t>(popcount(structural & (mask - 1)));
        if (record_count == record_capacity) return stop(Stop::done);
        cut(at, at + 1, last, breaks_before_block - breaks_before_record, terminated);
        breaks_before_record = breaks_before_block;
        if (produced == max_records) return stop(Stop::done);
      }
      block += 64;
      continue;
    }

    const std::uint64_t inside = prefix_xor(m.quote) ^ inside_carry;
    inside_carry = static_cast<std::uint64_t>(static_cast<std::int64_t>(inside) >> 63);
    const std::uint64_t opening = m.quote & inside;
    const std::uint64_t closing = m.quote & ~inside;
    const std::uint64_t sep = m.delim | m.cr | m.lf;

    // The byte after the block decides about a closing quote or CR in the last position. Past the
    // end of the data a closing quote is fine: at EOF it ends the field, otherwise its record is
    // incomplete and will be read again with more data.
    const bool have_next = avail > 64;
    const char next = have_next ? data[block + 64] : '\0';
    const std::uint64_t next_is_lf = have_next && next == '\n' ? 1 : 0;
    const std::uint64_t next_ok_last =
        !have_next || next == d.delimiter || next == '\n' || next == '\r' || (dq && next == d.quote) ? 1 : 0;
    const std::uint64_t end_bit = avail < 64 ? std::uint64_t{1} << (avail - 1) : next_ok_last << 63;

    const std::uint64_t prev_src = sep | (dq ? closing : 0);
    const std::uint64_t prev_ok = (prev_src << 1) | prev_ok_carry;
    prev_ok_carry = prev_src >> 63;
    const std::uint64_t next_ok = ((sep | (dq ? m.quote : 0)) >> 1) | end_bit;
    const std::uint64_t irregular = (opening & ~prev_ok) | (closing & ~next_ok);

    const std::uint64_t lf_after = (m.lf >> 1) | (next_is_lf << 63);
    const std::uint64_t cr_before = (m.cr << 1) | cr_carry;
    cr_carry = m.cr >> 63;
    const std::uint64_t quoted_breaks = (m.lf | (m.cr & ~lf_after)) & inside;
    // Line breaks that end records (the LF of a CRLF is part of the CR's terminator).
    std::uint64_t terminators = (m.cr | (m.lf & ~cr_before)) & ~inside;
    std::uint64_t structural = (m.delim & ~inside) | terminators;
    if (irregular) {
      const std::uint64_t before = (irregular & (0 - irregular)) - 1;  // what precedes the first irregular quote
      structural &= before;
      terminators &= before;
    }

    const std::size_t block_fields = field_count;
    flatten(field_ends + block_fields, static_cast<std::uint32_t>(block), structural);
    field_count += static_cast<std::size_t>(popcount(structural));

    while (terminators) {
      const int bit = trailing_zeros(terminators);
      terminators &= terminators - 1;
      const std::uint64_t mask = std::uint64_t{1} << bit;
      const std::size_t at = block + static_cast<std::size_t>(bit);
      std::size_t next_begin = at + 1;
      if (m.cr & mask) {
        if (lf_after & mask) next_begin = at + 2;
        else if (at + 1 == size && !at_eof) return stop(Stop::done);  // the LF may be in the next buffer
      }
      const std::size_t last = block_fields + static_cast<std::size_t>(popcount(structural & (mask - 1)));
      const std::uint64_t breaks_here = breaks_before_block + static_cast<std::uint64_t>(popcount(quoted_breaks & (mask - 1)));
      if (record_count == record_capacity) return stop(Stop::done);
      cut(at, next_begin, last, breaks_here - breaks_before_record, terminated);
      breaks_before_record = breaks_here;
      if (produced == max_records) return stop(Stop::done);
    }
    if (irregular) return stop(Stop::irregular);
    breaks_before_block += static_cast<std::uint64_t>(popcount(quoted_breaks));
    block += 64;
  }

  if (rec_start < size) {
    if (!at_eof) return stop(Stop::done);
    if (record_count == record_capacity) return stop(Stop::done);
    // The last record has no line break; a quote still open makes it unterminated.
    field_ends[field_count] = static_cast<std::uint32_t>(size);
    const std::size_t last = field_count++;
    cut(size, size, last, breaks_before_block - breaks_before_record, inside_carry ? unterminated_quote : 0);
  }
  return stop(Stop::done);
}

// The state-transfer pass used to cut a file into chunks on exact record boundaries: for a chunk
// that ends just after a line break, the state at its end (inside a quoted field or not) for each
// of the two states it may start in: at a record start (R) or inside a quoted field (Q). Inside
// quotes under Q is the complement of inside under R (the prefix XOR is linear), so one pass
// serves both; a hypothesis whose quotes turn out irregular is reported, and the caller settles it
// with the state machine.
inline Transfer transfer(const char* data, std::size_t size, const KernelDialect& d) {
  const Classifier classifier(d);
  const bool dq = d.double_quote;
  std::uint64_t inside_carry = 0;  // hypothesis R; Q is its complement
  std::uint64_t prev_ok_r = 1, prev_ok_q = 0;
  Transfer t{false, false, false, false};
  for (std::size_t block = 0; block < size; block += 64) {
    const std::size_t avail = size - block;
    Masks m = classify_block(classifier, data, size, block);
    if (m.quote == 0) {
      // No quote: the states stay; only the "a quote may open here" carries move on.
      const std::uint64_t sep = m.delim | m.cr | m.lf;
      const std::uint64_t last = avail < 64 ? std::uint64_t{1} << (avail - 1) : std::uint64_t{1} << 63;
      prev_ok_r = (sep & last) ? 1 : 0;
      prev_ok_q = prev_ok_r;
      continue;
    }
    const std::uint64_t inside_r = prefix_xor(m.quote) ^ inside_carry;
    inside_carry = static_cast<std::uint64_t>(static_cast<std::int64_t>(inside_r) >> 63);
    const std::uint64_t inside_q = ~inside_r;
    const std::uint64_t sep = m.delim | m.cr | m.lf;
    const bool have_next = avail > 64;
    const char next = have_next ? data[block + 64] : '\0';
    const std::uint64_t next_ok_last =
        !have_next || next == d.delimiter || next == '\n' || next == '\r' || (dq && next == d.quote) ? 1 : 0;
    const std::uint64_t end_bit = avail < 64 ? std::uint64_t{1} << (avail - 1) : next_ok_last << 63;
    const std::uint64_t next_ok = ((sep | (dq ? m.quote : 0)) >> 1) | end_bit;
    for (int h = 0; h < 2; ++h) {
      const std::uint64_t inside = h == 0 ? inside_r : inside_q;
      std::uint64_t& prev_carry = h == 0 ? prev_ok_r : prev_ok_q;
      const std::uint64_t opening = m.quote & inside;
      const std::uint64_t closing = m.quote & ~inside;
      const std::uint64_t prev_src = sep | (dq ? closing : 0);
      const std::uint64_t prev_ok = (prev_src << 1) | prev_carry;
      prev_carry = prev_src >> 63;
      if ((opening & ~prev_ok) | (closing & ~next_ok)) (h == 0 ? t.irregular_from_record : t.irregular_from_quoted) = true;
    }
  }
  t.quoted_at_end_from_record = inside_carry != 0;
  t.quoted_at_end_from_quoted = inside_carry == 0;
  return t;
}
