//! How the export's files are written (see the format in [`super`]): a
//! payload of bytes, compressed with raw DEFLATE, written as base64url text
//! in a classic script `vanban.shard(NAME,"DATA");`, and named after a hash
//! of DATA, so that a name always means the same bytes.

use super::DIR;

/// Bytes of the hash in a name; written as 8 base64url characters.
pub const HASH_BYTES: usize = 6;

/// A content hash: the first [`HASH_BYTES`] bytes (big-endian) of the
/// 64-bit FNV-1a hash of the file's DATA text.
pub type Hash = [u8; HASH_BYTES];

/// Compression level of packs of text (records, facets): the records are
/// most of the export's bytes, and level 6 makes them a fifth smaller than
/// level 1.
pub const TEXT: u8 = 6;
/// Compression level of packs of postings: varints leave DEFLATE little to
/// find, whatever the effort.
pub const POSTINGS: u8 = 1;

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// base64url without padding.
pub fn base64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for i in 0..=chunk.len() {
            out.push(BASE64[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

/// FNV-1a, 64 bits, over bytes.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The hash that names a file whose DATA is `data`.
pub fn hash_of(data: &str) -> Hash {
    let mut hash = [0; HASH_BYTES];
    hash.copy_from_slice(&fnv1a64(data.as_bytes()).to_be_bytes()[..HASH_BYTES]);
    hash
}

/// `vanban.shard(NAME,DATA);` with DATA already JSON (a string literal for
/// packed data, an object for the manifest).
pub fn script(name: &str, data: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(name.len() + data.len() + 20);
    out.extend_from_slice(b"vanban.shard(\"");
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(b"\",");
    out.extend_from_slice(data.as_bytes());
    out.extend_from_slice(b");\n");
    out
}

/// A content-addressed file of the export.
#[derive(Debug, Clone)]
pub struct Packed {
    /// The name's hash.
    pub hash: Hash,
    /// Path under the output (`search/d/<hash>.js`).
    pub path: String,
    pub bytes: Vec<u8>,
}

/// The file of kind `kind` (`d`, `t`, `r`, …) holding `payload`, compressed
/// at `level` ([`TEXT`] or [`POSTINGS`]).
pub fn pack(kind: &str, payload: &[u8], level: u8) -> Packed {
    named(kind, base64(&deflate(payload, level)))
}

/// Raw DEFLATE of `payload` with libdeflate: at the same level it makes
/// smaller streams than miniz_oxide (used before) in a fraction of the time, and
/// compressing the records is the largest part of the export's work.
fn deflate(payload: &[u8], level: u8) -> Vec<u8> {
    let level = libdeflater::CompressionLvl::new(i32::from(level))
        .unwrap_or_else(|_| libdeflater::CompressionLvl::default());
    let mut compressor = libdeflater::Compressor::new(level);
    let mut out = vec![0; compressor.deflate_compress_bound(payload.len())];
    let n = compressor
        .deflate_compress(payload, &mut out)
        .expect("a buffer of the compress bound always has room");
    out.truncate(n);
    out
}

/// The file of kind `kind` whose DATA is `data` as is (base64 text).
pub fn named(kind: &str, data: String) -> Packed {
    let hash = hash_of(&data);
    let name = format!("{kind}/{}", base64(&hash));
    let bytes = script(&name, &format!("\"{data}\""));
    Packed {
        hash,
        path: format!("{DIR}/{name}.js"),
        bytes,
    }
}

/// Appends `v` as an unsigned LEB128 varint.
pub fn varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Appends a string: its length in bytes (varint), then its UTF-8 bytes.
pub fn string(out: &mut Vec<u8>, s: &str) {
    varint(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_is_url_safe_without_padding() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg");
        assert_eq!(base64(b"fo"), "Zm8");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(&[0xfb, 0xff]), "-_8");
        assert_eq!(base64(&[0; HASH_BYTES]).len(), 8);
    }

    #[test]
    fn varints_are_leb128() {
        let mut out = Vec::new();
        for v in [0, 127, 128, 300, u32::MAX as u64] {
            varint(&mut out, v);
        }
        assert_eq!(
            out,
            [0, 127, 0x80, 1, 0xac, 2, 0xff, 0xff, 0xff, 0xff, 0x0f]
        );
    }

    #[test]
    fn a_name_is_the_hash_of_the_data() {
        let a = pack("r", b"abc abc abc", TEXT);
        let b = pack("r", b"abc abc abd", TEXT);
        assert_ne!(a.path, b.path);
        let text = String::from_utf8(a.bytes.clone()).unwrap();
        let data = text
            .trim_end()
            .strip_suffix(");")
            .and_then(|t| t.split_once(','))
            .map(|(_, d)| d.trim_matches('"'))
            .unwrap();
        assert_eq!(a.hash, hash_of(data));
        assert_eq!(a.path, format!("search/r/{}.js", base64(&a.hash)));
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
