//! Quantization types: the names of GGUF file types, and a line of guidance per quant family.

/// The name of a GGUF `general.file_type` value (llama.cpp's `llama_ftype`, as the Hub's
/// `GGMLFileQuantizationType` names it: `MOSTLY_Q4_K_M` = 15 is `Q4_K_M`).
pub fn file_type_name(ftype: u32) -> Option<&'static str> {
    const NAMES: &[(u32, &str)] = &[
        (0, "F32"),
        (1, "F16"),
        (2, "Q4_0"),
        (3, "Q4_1"),
        (4, "Q4_1_SOME_F16"),
        (7, "Q8_0"),
        (8, "Q5_0"),
        (9, "Q5_1"),
        (10, "Q2_K"),
        (11, "Q3_K_S"),
        (12, "Q3_K_M"),
        (13, "Q3_K_L"),
        (14, "Q4_K_S"),
        (15, "Q4_K_M"),
        (16, "Q5_K_S"),
        (17, "Q5_K_M"),
        (18, "Q6_K"),
        (19, "IQ2_XXS"),
        (20, "IQ2_XS"),
        (21, "Q2_K_S"),
        (22, "IQ3_XS"),
        (23, "IQ3_XXS"),
        (24, "IQ1_S"),
        (25, "IQ4_NL"),
        (26, "IQ3_S"),
        (27, "IQ3_M"),
        (28, "IQ2_S"),
        (29, "IQ2_M"),
        (30, "IQ4_XS"),
        (31, "IQ1_M"),
        (32, "BF16"),
        (33, "Q4_0_4_4"),
        (34, "Q4_0_4_8"),
        (35, "Q4_0_8_8"),
        (36, "TQ1_0"),
        (37, "TQ2_0"),
        (38, "MXFP4_MOE"),
        (39, "NVFP4"),
        (40, "Q1_0"),
        (41, "Q2_0"),
    ];
    // llama.cpp ORs 1024 ("guessed") into the type of a file whose type it inferred.
    let ftype = ftype & !1024;
    NAMES.iter().find(|(n, _)| *n == ftype).map(|(_, s)| *s)
}

/// When to pick a quantization of this type: general guidance for llama.cpp quant families
/// (from llama.cpp's quantize documentation and common practice), not a measurement of this
/// model. Empty when the type is not known.
pub fn use_when(quant: &str) -> &'static str {
    let q = quant.to_ascii_uppercase();
    let q = q.strip_prefix("UD-").unwrap_or(&q);
    let starts = |p: &str| q.starts_with(p);
    if matches!(q, "F32" | "F16" | "BF16") {
        "Unquantized: full quality, for re-quantizing or when memory is plentiful"
    } else if starts("Q8") {
        "Near-lossless: the best quality of the quantized files"
    } else if starts("Q6_K") {
        "Very close to Q8_0 in quality at about three quarters of its size"
    } else if starts("Q5_K") {
        "High quality; when Q6_K does not fit"
    } else if q == "Q4_K_M" || starts("Q4_K_XL") {
        "Good quality at a moderate size: the usual default"
    } else if starts("Q4_K") {
        "A little smaller than Q4_K_M, a little lower in quality"
    } else if starts("IQ4") {
        "About Q4_K_S quality in less space; slower than K-quants on CPU"
    } else if starts("Q4_0") || starts("Q4_1") || starts("Q5_0") || starts("Q5_1") {
        "Legacy format: prefer a K-quant of similar size unless your runtime needs this one"
    } else if starts("MXFP4") || starts("NVFP4") {
        "4-bit floating point, for models trained or released in this format"
    } else if starts("Q3_K") || starts("IQ3") {
        "Low memory, with a noticeable loss of quality"
    } else if starts("Q2_K") || starts("IQ2") || starts("Q2_0") {
        "Very low memory, with a large loss of quality"
    } else if starts("IQ1") || starts("TQ") || starts("Q1_0") {
        "Extreme compression: expect a large loss of quality"
    } else {
        ""
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_types() {
        assert_eq!(file_type_name(15), Some("Q4_K_M"));
        assert_eq!(file_type_name(7), Some("Q8_0"));
        assert_eq!(file_type_name(32), Some("BF16"));
        assert_eq!(file_type_name(1024 + 2), Some("Q4_0"));
        assert_eq!(file_type_name(5), None);
        assert_eq!(file_type_name(999), None);
    }

    #[test]
    fn every_hub_label_family_has_guidance() {
        for q in [
            "F16",
            "BF16",
            "Q8_0",
            "Q6_K",
            "Q5_K_M",
            "Q4_K_M",
            "Q4_K_S",
            "IQ4_XS",
            "Q4_0",
            "Q3_K_L",
            "IQ3_M",
            "Q2_K",
            "IQ2_XXS",
            "IQ1_S",
            "TQ1_0",
            "UD-Q4_K_XL",
            "MXFP4_MOE",
        ] {
            assert!(!use_when(q).is_empty(), "{q}");
        }
        assert_eq!(use_when("NOPE"), "");
    }
}
