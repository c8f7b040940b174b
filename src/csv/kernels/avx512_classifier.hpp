// The AVX-512 classifier: one 64-byte compare per class straight into a mask register. Included
// inside each AVX-512 variant's own namespace and target region, before structural_impl.hpp.

struct Classifier {
  __m512i quote, delim, cr, lf;
  explicit Classifier(const KernelDialect& d)
      : quote(_mm512_set1_epi8(d.quote)), delim(_mm512_set1_epi8(d.delimiter)), cr(_mm512_set1_epi8('\r')),
        lf(_mm512_set1_epi8('\n')) {}

  Masks classify(const char* p) const {
    const __m512i v = _mm512_loadu_si512(p);
    return Masks{_mm512_cmpeq_epi8_mask(v, quote), _mm512_cmpeq_epi8_mask(v, delim), _mm512_cmpeq_epi8_mask(v, cr),
                 _mm512_cmpeq_epi8_mask(v, lf)};
  }
};
