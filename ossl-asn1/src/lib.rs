#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![doc(test(attr(deny(warnings))))]

mod canon;
mod collect;
mod content;
pub mod der;
mod error;
mod header;
mod tags;

pub use canon::{
    bmp_string_check, string_to_utf8_check, universal_string_check, utf8_getc, utf8_string_check,
};
pub use collect::{
    collect, collect_to_end, collect_with, find_end, find_end_with, MAX_STRING_NEST,
};
pub use content::{
    c2i_bit_string, c2i_ibuf, c2i_ibuf_check, c2i_object, ex_c2i_check, rfc5280_time_check,
    time_length_check, x_int64_c2i, BitString, IntContent, IntType,
};
pub use error::{Error, ErrorAt};
pub use header::{
    check_eoc, get_object, get_object_der_common, get_object_with, split_der_common, Header,
    LongLength,
};
pub use tags::{bits, class, ident, tag, tag2bit};
