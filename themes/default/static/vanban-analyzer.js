/*
 * vanban-analyzer.js — the Vietnamese text analyzer of the in-browser search.
 *
 * This is the JavaScript twin of src/search/analyzer.rs: the browser turns a
 * query into terms with it, and those terms must be the very ones the Rust
 * indexer produced for the documents, so both files implement the same rules.
 * The rules are written out once, in the //! documentation at the top of
 * analyzer.rs; tests/analyzer-vectors.json holds the test vectors that both
 * implementations pass (tests/js/analyzer.test.js runs them here). Change a
 * rule in both files and in the vectors together.
 *
 * Usage: as a classic <script> it defines window.vanbanAnalyzer; under node,
 * require() returns the same object. No dependencies.
 *
 *   nfc(text)              -> string (NFC)
 *   fold(text)             -> string: lower case, no diacritics, đ -> d
 *   syllables(text)        -> [{text, start, end}] of nfc(text)
 *   foldedTerms(text)      -> ["chuyen", "doi", "so"]
 *   exactTerms(text)       -> ["chuyển", "đổi", "số"]   (tone marks new style)
 *   exactTerm(syllable)    -> "hoà" for "Hòa"
 *   pairTerms(text)        -> ["chuyen_doi", "doi_so"]
 *   pairTokens(text)       -> [{text: "chuyen_doi", start, end}, ...]
 *   hasDiacritics(query)   -> boolean
 *   numberTerms(number)    -> ["1690/qd-ttg", "1690", "qd", "ttg", "qd-ttg"]
 *   queryNumbers(query)    -> [["1690", "qd-ttg"], ...] one group per number
 *   queryNumberTerms(query)-> ["1690", "qd-ttg"]
 *
 * The Rust names are the snake_case forms of these (folded_terms, ...).
 *
 * Differences from Rust, by design:
 * - Offsets (start, end) are UTF-16 code-unit offsets into nfc(text), so that
 *   nfc(text).slice(start, end) is the token; Rust gives UTF-8 byte offsets.
 *   They differ for every non-ASCII character; the vectors use code points.
 * - Syllables are runs of /[\p{Alphabetic}\p{N}]/u, which is exactly Rust's
 *   char::is_alphanumeric (Alphabetic, or general category Nd, Nl or No). It is
 *   not /[\p{L}\p{N}]/u: \p{L} leaves out Alphabetic code points such as the
 *   circled letters (Ⓐ) and the combining U+0345.
 * - "White space" is \p{White_Space}, which is Rust's char::is_whitespace;
 *   JavaScript's \s differs (it adds U+FEFF and lacks U+0085).
 * - Both follow Unicode at the version their runtime ships; code points new in
 *   the latest versions may be classified differently. Vietnamese never is.
 *
 * Needs String.prototype.normalize (ES2015) and Unicode property escapes in
 * regular expressions (ES2018): every current browser and node >= 10.
 */
(function (root, factory) {
  'use strict';
  var api = factory();
  if (typeof module !== 'undefined' && module.exports) {
    module.exports = api;
  } else {
    root.vanbanAnalyzer = api;
  }
}(typeof globalThis !== 'undefined' ? globalThis : (typeof self !== 'undefined' ? self : this), function () {
  'use strict';

  var SYLLABLE = /[\p{Alphabetic}\p{N}]+/gu;
  var COMBINING_DIACRITIC = /[\u0300-\u036f]/g;
  // đ, and the look-alikes ð (U+00F0, lower case of Ð) and ɖ (U+0256, of Ɖ).
  var D_LIKE = /[\u0111\u00f0\u0256]/g;
  var D_LOOKALIKE = /[\u00f0\u0256]/g;
  var DIACRITIC_OR_D = /[\u0300-\u036f\u0110\u0111\u00d0\u00f0\u0189\u0256]/;
  var PAIR_BREAK = /[.,;:!?()[\]{}\u2026\n\r\u000b\u000c\u0085\u2028\u2029]/;
  var WHITE_SPACE_RUN = /\p{White_Space}+/gu;
  var BLANK = /^\p{White_Space}+$/u;
  var SPACED_SEPARATOR = /\p{White_Space}*([/-])\p{White_Space}*/gu;
  var DASHES = /[\u2010-\u2015\u2212\uff0d]/g;
  var SLASHES = /[\u2044\u2215\uff0f]/g;
  var SEPARATOR = /[/-]/;
  var EDGE_NOISE = /^[^a-z0-9]+|[^a-z0-9]+$/gu;
  var CHUNK = /[a-z0-9/-]+/g;
  var EDGE_SEPARATORS = /^[/-]+|[/-]+$/g;
  var DOUBLE_SEPARATOR = /[/-]{2}/;
  var DIGITS = /^[0-9]+$/;
  var YEAR = /^[0-9]{4}$/;
  var WORD = /^[a-z][a-z0-9]*$/;
  var ASCII_LOWER = /^[a-z]$/;

  function str(value) {
    return value === null || value === undefined ? '' : String(value);
  }

  function nfc(text) {
    return str(text).normalize('NFC');
  }

  function fold(text) {
    return nfc(text)
      .toLowerCase()
      .normalize('NFD')
      .replace(COMBINING_DIACRITIC, '')
      .replace(D_LIKE, 'd')
      .normalize('NFC');
  }

  // A pure function of one syllable, remembered: a text repeats a few
  // thousand syllables, and the client analyses many record texts per
  // query. Forgotten all at once past MEMO_LIMIT entries.
  var MEMO_LIMIT = 100000;
  function remembered(f) {
    var seen = new Map();
    return function (syllable) {
      var value = seen.get(syllable);
      if (value === undefined) {
        if (seen.size >= MEMO_LIMIT) {
          seen.clear();
        }
        value = f(syllable);
        seen.set(syllable, value);
      }
      return value;
    };
  }
  var foldSyllable = remembered(fold);

  function tokensOf(text) {
    var tokens = [];
    var match;
    SYLLABLE.lastIndex = 0;
    while ((match = SYLLABLE.exec(text)) !== null) {
      tokens.push({ text: match[0], start: match.index, end: match.index + match[0].length });
    }
    return tokens;
  }

  function syllables(text) {
    return tokensOf(nfc(text));
  }

  function foldedTerms(text) {
    var out = [];
    syllables(text).forEach(function (token) {
      var term = foldSyllable(token.text);
      if (term !== '') {
        out.push(term);
      }
    });
    return out;
  }

  // --- Tone placement (rules 1-7 in analyzer.rs) ------------------------------

  // The twelve vowels, each without a tone and with huyền, sắc, hỏi, ngã, nặng.
  var VOWELS = [
    'aàáảãạ', 'ăằắẳẵặ', 'âầấẩẫậ', 'eèéẻẽẹ', 'êềếểễệ', 'iìíỉĩị',
    'oòóỏõọ', 'ôồốổỗộ', 'ơờớởỡợ', 'uùúủũụ', 'ưừứửữự', 'yỳýỷỹỵ'
  ];
  var ROW_A = 0, ROW_E = 3, ROW_I = 5, ROW_O = 6, ROW_U = 9, ROW_Y = 11;
  var MARKED_ROWS = [1, 2, 4, 7, 8, 10]; // ă â ê ô ơ ư
  var VOWEL_OF = {};
  VOWELS.forEach(function (forms, row) {
    Array.from(forms).forEach(function (c, tone) {
      VOWEL_OF[c] = { row: row, tone: tone };
    });
  });

  function isMarked(row) {
    return MARKED_ROWS.indexOf(row) >= 0;
  }

  // The syllable (lower case, NFC) with its one tone mark on the canonical
  // vowel, or null when the rules do not apply.
  function placeTone(syllable) {
    var chars = Array.from(syllable);
    var rows = []; // vowel row per letter, or -1 for a consonant
    var tone = 0;
    var tones = 0;
    var i;
    for (i = 0; i < chars.length; i++) {
      var c = chars[i];
      var vowel = Object.prototype.hasOwnProperty.call(VOWEL_OF, c) ? VOWEL_OF[c] : null;
      if (vowel) {
        if (vowel.tone !== 0) {
          tone = vowel.tone;
          tones++;
        }
        rows.push(vowel.row);
      } else if (ASCII_LOWER.test(c) || c === '\u0111') {
        rows.push(-1);
      } else {
        return null;
      }
    }
    if (tones !== 1) {
      return null;
    }
    var first = -1;
    for (i = 0; i < rows.length; i++) {
      if (rows[i] >= 0) {
        first = i;
        break;
      }
    }
    if (first < 0) {
      return null;
    }
    var len = 0;
    while (first + len < rows.length && rows[first + len] >= 0) {
      len++;
    }
    for (i = first + len; i < rows.length; i++) {
      if (rows[i] >= 0) {
        return null;
      }
    }
    if (first === 1 && len >= 2 &&
        ((chars[0] === 'q' && rows[1] === ROW_U) || (chars[0] === 'g' && rows[1] === ROW_I))) {
      first++;
      len--;
    }
    var cluster = rows.slice(first, first + len);
    var open = first + len === rows.length;
    var target = -1;
    for (i = cluster.length - 1; i >= 0; i--) {
      if (isMarked(cluster[i])) {
        target = i;
        break;
      }
    }
    if (target < 0) {
      if (len === 1) {
        target = 0;
      } else if (!open) {
        target = len - 1;
      } else if (len === 2) {
        var a = cluster[0], b = cluster[1];
        var secondTakesTone = (a === ROW_O && b === ROW_A) || (a === ROW_O && b === ROW_E) ||
          (a === ROW_U && b === ROW_Y);
        target = secondTakesTone ? 1 : 0;
      } else {
        target = 1;
      }
    }
    var out = '';
    for (i = 0; i < chars.length; i++) {
      if (rows[i] < 0) {
        out += chars[i];
      } else {
        out += Array.from(VOWELS[rows[i]])[i === first + target ? tone : 0];
      }
    }
    return out;
  }

  function exactTerm(syllable) {
    var lower = nfc(nfc(syllable).toLowerCase()).replace(D_LOOKALIKE, '\u0111');
    var placed = placeTone(lower);
    return placed === null ? lower : placed;
  }

  var exactSyllable = remembered(exactTerm);

  function exactTerms(text) {
    return syllables(text).map(function (token) {
      return exactSyllable(token.text);
    });
  }

  function pairTokens(text) {
    var normalized = nfc(text);
    var folded = [];
    tokensOf(normalized).forEach(function (token) {
      var term = foldSyllable(token.text);
      if (term !== '') {
        folded.push({ text: term, start: token.start, end: token.end });
      }
    });
    var out = [];
    for (var i = 1; i < folded.length; i++) {
      var a = folded[i - 1], b = folded[i];
      if (!PAIR_BREAK.test(normalized.slice(a.end, b.start))) {
        out.push({ text: a.text + '_' + b.text, start: a.start, end: b.end });
      }
    }
    return out;
  }

  function pairTerms(text) {
    return pairTokens(text).map(function (token) {
      return token.text;
    });
  }

  // The folded, exact and pair terms of a text in one pass over its
  // syllables: what foldedTerms, exactTerms and pairTerms give, for a
  // record the client scores.
  function textTerms(text) {
    var normalized = nfc(text);
    var folded = [], exact = [], pairs = [];
    var previous = null, previousEnd = 0;
    var match;
    SYLLABLE.lastIndex = 0;
    while ((match = SYLLABLE.exec(normalized)) !== null) {
      var syllable = match[0];
      exact.push(exactSyllable(syllable));
      var term = foldSyllable(syllable);
      if (term === '') {
        continue;
      }
      folded.push(term);
      if (previous !== null && !PAIR_BREAK.test(normalized.slice(previousEnd, match.index))) {
        pairs.push(previous + '_' + term);
      }
      previous = term;
      previousEnd = match.index + syllable.length;
    }
    return { folded: folded, exact: exact, pairs: pairs };
  }

  function hasDiacritics(query) {
    return DIACRITIC_OR_D.test(str(query).normalize('NFD'));
  }

  // --- Document numbers -------------------------------------------------------

  function normalizeNumberText(text) {
    return fold(text).replace(DASHES, '-').replace(SLASHES, '/');
  }

  function pushUnique(terms, term) {
    if (terms.indexOf(term) < 0) {
      terms.push(term);
    }
  }

  function isSymbol(text) {
    return text.split(SEPARATOR).every(function (part) {
      return WORD.test(part);
    });
  }

  // NUMBER := DIGITS [ "/" YEAR ] [ SEP SYMBOL ], or null.
  function parseNumber(text) {
    var cut = text.search(SEPARATOR);
    var digits = cut < 0 ? text : text.slice(0, cut);
    if (!DIGITS.test(digits)) {
      return null;
    }
    var parsed = { digits: digits, year: null, symbol: null };
    var rest = cut < 0 ? '' : text.slice(cut);
    if (rest.charAt(0) === '/') {
      var after = rest.slice(1);
      var yearCut = after.search(SEPARATOR);
      var year = yearCut < 0 ? after : after.slice(0, yearCut);
      if (YEAR.test(year)) {
        parsed.year = year;
        rest = yearCut < 0 ? '' : after.slice(yearCut);
      }
    }
    if (rest === '') {
      return parsed;
    }
    var symbol = rest.slice(1);
    if (!isSymbol(symbol)) {
      return null;
    }
    parsed.symbol = symbol;
    return parsed;
  }

  function groupOf(parsed, symbolBefore) {
    var terms = [parsed.digits];
    if (parsed.year !== null) {
      terms.push(parsed.year);
    }
    var symbol = parsed.symbol !== null ? parsed.symbol : symbolBefore;
    if (symbol !== null && symbol !== undefined) {
      terms.push(symbol);
    }
    return terms;
  }

  function numberTerms(number) {
    EDGE_NOISE.lastIndex = 0;
    var whole = normalizeNumberText(number).replace(WHITE_SPACE_RUN, '').replace(EDGE_NOISE, '');
    if (whole === '') {
      return [];
    }
    var terms = [whole];
    whole.split(SEPARATOR).forEach(function (part) {
      if (part !== '') {
        pushUnique(terms, part);
      }
    });
    var parsed = parseNumber(whole);
    if (parsed && parsed.symbol !== null && SEPARATOR.test(parsed.symbol)) {
      pushUnique(terms, parsed.symbol);
    }
    return terms;
  }

  function chunksOf(text) {
    var chunks = [];
    var match;
    CHUNK.lastIndex = 0;
    while ((match = CHUNK.exec(text)) !== null) {
      var trimmed = match[0].replace(EDGE_SEPARATORS, '');
      if (trimmed !== '' && !DOUBLE_SEPARATOR.test(trimmed)) {
        chunks.push({ text: trimmed, start: match.index, end: match.index + match[0].length });
      }
    }
    return chunks;
  }

  function queryNumbers(query) {
    var text = normalizeNumberText(query).replace(SPACED_SEPARATOR, '$1');
    var chunks = chunksOf(text);
    var groups = [];
    var i = 0;
    while (i < chunks.length) {
      var chunk = chunks[i];
      var parsed = parseNumber(chunk.text);
      if (parsed) {
        groups.push(groupOf(parsed, null));
        i += 1;
        continue;
      }
      var next = chunks[i + 1];
      if (next && isSymbol(chunk.text) && SEPARATOR.test(chunk.text) &&
          BLANK.test(text.slice(chunk.end, next.start))) {
        var following = parseNumber(next.text);
        if (following && following.symbol === null) {
          groups.push(groupOf(following, chunk.text));
          i += 2;
          continue;
        }
      }
      i += 1;
    }
    return groups;
  }

  function queryNumberTerms(query) {
    var terms = [];
    queryNumbers(query).forEach(function (group) {
      group.forEach(function (term) {
        pushUnique(terms, term);
      });
    });
    return terms;
  }

  return {
    nfc: nfc,
    fold: fold,
    syllables: syllables,
    foldedTerms: foldedTerms,
    exactTerms: exactTerms,
    exactTerm: exactTerm,
    pairTerms: pairTerms,
    pairTokens: pairTokens,
    textTerms: textTerms,
    hasDiacritics: hasDiacritics,
    numberTerms: numberTerms,
    queryNumbers: queryNumbers,
    queryNumberTerms: queryNumberTerms,
    // Whether text between two syllables stops a word pair (analyzer.rs is_pair_break).
    breaksPair: function (gap) { return PAIR_BREAK.test(gap); }
  };
}));
