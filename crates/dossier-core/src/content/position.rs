//! Byte offsets in a file turned into `line:col` as an editor shows them:
//! both counted from 1, columns in characters, a leading BOM not counted.

/// The `(line, col)` of every offset in `offsets`, in the order given.
///
/// One pass over the text whatever the number of offsets, so that a file with
/// many problems on one long line costs no more than reading it once. An
/// offset past the end is placed at the end.
pub fn locate_all(text: &[u8], offsets: &[usize]) -> Vec<(usize, usize)> {
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_by_key(|&i| offsets[i]);
    let bom = if text.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };

    let mut out = vec![(1, 1); offsets.len()];
    // Cursor: the position reached, its line, and the column count up to it.
    let mut pos = 0;
    let mut line = 1;
    let mut col = 0;
    for i in order {
        let target = offsets[i].min(text.len());
        if target > pos {
            let chunk = &text[pos..target];
            match memchr::memrchr(b'\n', chunk) {
                Some(last) => {
                    line += memchr::memchr_iter(b'\n', chunk).count();
                    col = count_chars(&chunk[last + 1..]);
                }
                None => {
                    // The BOM sits before the first character of line 1.
                    let skip = if pos < bom {
                        (bom - pos).min(chunk.len())
                    } else {
                        0
                    };
                    col += count_chars(&chunk[skip..]);
                }
            }
            pos = target;
        }
        out[i] = (line, col + 1);
    }
    out
}

/// The `(line, col)` of one offset.
pub fn locate(text: &[u8], offset: usize) -> (usize, usize) {
    locate_all(text, &[offset])[0]
}

/// Characters that start in `bytes`: every byte that is not a UTF-8 continuation byte.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_from_one() {
        let t = b"ab\ncd\n";
        assert_eq!(locate(t, 0), (1, 1));
        assert_eq!(locate(t, 1), (1, 2));
        assert_eq!(locate(t, 3), (2, 1));
        assert_eq!(locate(t, 4), (2, 2));
        assert_eq!(locate(t, 6), (3, 1));
        assert_eq!(locate(t, 99), (3, 1));
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let t = "é“x”\ny".as_bytes();
        let x = "é“".len();
        assert_eq!(locate(t, x), (1, 3));
    }

    #[test]
    fn bom_is_not_a_column_and_crlf_keeps_lines() {
        let t = "\u{feff}ab\r\ncd".as_bytes();
        assert_eq!(locate(t, 3), (1, 1));
        assert_eq!(locate(t, 4), (1, 2));
        assert_eq!(locate(t, 7), (2, 1));
    }

    #[test]
    fn many_offsets_in_any_order() {
        let t = b"a\nbb\nccc";
        let got = locate_all(t, &[7, 0, 3, 5, 3]);
        assert_eq!(got, vec![(3, 3), (1, 1), (2, 2), (3, 1), (2, 2)]);
    }
}
