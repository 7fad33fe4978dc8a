//! Inputs a generated snippet runs on: public sample files for images, audio and video (the ones
//! transformers' own documentation uses), and neutral texts that name no topic.

/// A photo (two cats on a couch), from the Hub's documentation images.
pub const IMAGE_URL: &str = "https://huggingface.co/datasets/huggingface/documentation-images/resolve/main/pipeline-cat-chonk.jpeg";
/// A short English speech recording (FLAC; decoding it needs ffmpeg).
pub const AUDIO_URL: &str = "https://huggingface.co/datasets/Narsil/asr_dummy/resolve/main/1.flac";
/// A short video clip.
pub const VIDEO_URL: &str = "https://huggingface.co/datasets/nateraw/kinetics-mini/resolve/main/val/archery/-Qz25rXdMjE_000014_000024.mp4";
/// A scanned invoice.
pub const DOCUMENT_URL: &str = "https://huggingface.co/spaces/impira/docquery/resolve/2359223c1837a7587402bda0f2643382a6eefeab/invoice.png";

/// What a task takes as input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Modality {
    Text,
    Image,
    Audio,
    Video,
}

/// The input modality of a Hub task.
pub fn modality(tag: &str) -> Modality {
    match tag {
        "automatic-speech-recognition"
        | "audio-classification"
        | "audio-to-audio"
        | "voice-activity-detection" => Modality::Audio,
        "video-classification" | "video-text-to-text" => Modality::Video,
        "image-classification"
        | "object-detection"
        | "image-segmentation"
        | "depth-estimation"
        | "mask-generation"
        | "image-feature-extraction"
        | "zero-shot-image-classification"
        | "zero-shot-object-detection"
        | "keypoint-detection"
        | "image-to-image"
        | "image-to-text"
        | "image-text-to-text"
        | "visual-question-answering"
        | "document-question-answering"
        | "visual-document-retrieval"
        | "any-to-any" => Modality::Image,
        _ => Modality::Text,
    }
}

/// A neutral text input for a text task.
pub fn text(tag: &str) -> &'static str {
    match tag {
        "text-classification" => "The text to classify.",
        "token-classification" => "The text whose words to label.",
        "summarization" => "The text to summarise.",
        "translation" => "The text to translate.",
        "feature-extraction" => "The text to embed.",
        "text-to-audio" => "Hello, world.",
        "image-text-to-text" | "any-to-any" => "Describe this image.",
        "visual-question-answering" => "What is in this image?",
        _ => "Hello! What can you do?",
    }
}

/// The sample URL for an image, audio or video task (`None` for text).
pub fn url(tag: &str) -> Option<&'static str> {
    match modality(tag) {
        Modality::Image if tag == "document-question-answering" => Some(DOCUMENT_URL),
        Modality::Image => Some(IMAGE_URL),
        Modality::Audio => Some(AUDIO_URL),
        Modality::Video => Some(VIDEO_URL),
        Modality::Text => None,
    }
}

/// The comment above a neutral text input.
pub fn replace_comment(language: Option<&str>) -> String {
    match language.filter(|l| *l != "en") {
        Some(l) => format!("# Replace with your own input, in the model's language ({l})."),
        None => "# Replace with your own input.".into(),
    }
}
