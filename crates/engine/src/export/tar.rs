//! A folder as one file a browser can download: a POSIX ustar archive, as `tar -cf` writes
//! it, with every entry dated the epoch (the same scenario gives the same bytes) and owned
//! by uid 0. Only regular files: `tar -xf` makes their folders.

const BLOCK: usize = 512;

/// Writes `value` in octal into `field`, zero-padded, ending with a NUL.
fn octal(field: &mut [u8], value: u64) {
    let digits = field.len() - 1;
    let text = format!("{value:0digits$o}");
    field[..digits].copy_from_slice(&text.as_bytes()[text.len() - digits..]);
    field[digits] = 0;
}

/// A path cut as ustar stores it: `prefix` (up to 155 bytes) and `name` (up to 100),
/// split at a slash. A path too long for both is shortened at its end, never refused:
/// export's names are short (safe_name caps them), so this is a guard.
fn split_path(path: &str) -> (String, String) {
    if path.len() <= 100 {
        return (String::new(), path.to_string());
    }
    for (i, _) in path.match_indices('/') {
        if i <= 155 && path.len() - i - 1 <= 100 && i > 0 {
            return (path[..i].to_string(), path[i + 1..].to_string());
        }
    }
    let mut end = 100;
    while !path.is_char_boundary(end) {
        end -= 1;
    }
    (String::new(), path[..end].to_string())
}

/// One entry's header block.
fn header(path: &str, size: usize, mode: u32) -> [u8; BLOCK] {
    let mut h = [0u8; BLOCK];
    let (prefix, name) = split_path(path);
    h[..name.len()].copy_from_slice(name.as_bytes());
    octal(&mut h[100..108], mode as u64);
    octal(&mut h[108..116], 0);
    octal(&mut h[116..124], 0);
    octal(&mut h[124..136], size as u64);
    octal(&mut h[136..148], 0);
    h[156] = b'0';
    h[257..263].copy_from_slice(b"ustar\0");
    h[263..265].copy_from_slice(b"00");
    h[265..269].copy_from_slice(b"root");
    h[297..301].copy_from_slice(b"root");
    h[345..345 + prefix.len()].copy_from_slice(prefix.as_bytes());
    // The checksum is the sum of the header's bytes with its own field read as spaces.
    h[148..156].copy_from_slice(b"        ");
    let sum: u32 = h.iter().map(|b| *b as u32).sum();
    let text = format!("{sum:06o}\0 ");
    h[148..156].copy_from_slice(text.as_bytes());
    h
}

/// The archive of `files` (path, contents, mode such as 0o644), in their order.
pub fn archive(files: &[(String, &[u8], u32)]) -> Vec<u8> {
    let mut out = Vec::new();
    for (path, data, mode) in files {
        out.extend_from_slice(&header(path, data.len(), *mode));
        out.extend_from_slice(data);
        out.resize(out.len().div_ceil(BLOCK) * BLOCK, 0);
    }
    // The end: two zero blocks.
    out.resize(out.len() + 2 * BLOCK, 0);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(h: &[u8], range: std::ops::Range<usize>) -> String {
        String::from_utf8_lossy(&h[range]).trim_end_matches(['\0', ' ']).to_string()
    }

    #[test]
    fn headers_carry_name_size_mode_and_a_checksum_tar_accepts() {
        let a = archive(&[("scenario/replay.sh".into(), b"echo hi\n", 0o755), ("scenario/README.md".into(), b"", 0o644)]);
        // Header, one block of data, header, no data, two end blocks.
        assert_eq!(a.len(), 5 * BLOCK);
        let h = &a[..BLOCK];
        assert_eq!(field(h, 0..100), "scenario/replay.sh");
        assert_eq!(field(h, 100..108), "0000755");
        assert_eq!(field(h, 124..136), "00000000010");
        assert_eq!(&h[257..265], b"ustar\x0000");
        assert_eq!(h[156], b'0');
        let stored = u32::from_str_radix(&field(h, 148..156), 8).unwrap();
        let sum: u32 = h.iter().enumerate().map(|(i, b)| if (148..156).contains(&i) { 32 } else { *b as u32 }).sum();
        assert_eq!(stored, sum);
        assert_eq!(&a[BLOCK..BLOCK + 8], b"echo hi\n");
        assert!(a[BLOCK + 8..2 * BLOCK].iter().all(|b| *b == 0), "data padded with zeros to its block");
        assert_eq!(field(&a[2 * BLOCK..3 * BLOCK], 0..100), "scenario/README.md");
        assert!(a[3 * BLOCK..].iter().all(|b| *b == 0));
    }

    #[test]
    fn a_long_path_goes_into_the_prefix_at_a_slash() {
        let long = format!("scenario/manifests/{}", "m".repeat(90));
        let a = archive(&[(long.clone(), b"x", 0o644)]);
        let (prefix, name) = (field(&a, 345..500), field(&a, 0..100));
        assert!(!prefix.is_empty() && name.len() <= 100);
        assert_eq!(format!("{prefix}/{name}"), long);
        let (prefix, name) = split_path(&"x".repeat(300));
        assert!(prefix.is_empty() && name.len() == 100);
    }

    #[test]
    fn the_same_files_give_the_same_bytes() {
        let files = [("a/b.yaml".to_string(), b"kind: Pod\n".as_slice(), 0o644)];
        assert_eq!(archive(&files), archive(&files));
    }
}
