pub mod rng;
pub mod time;
pub mod value;
pub mod yaml;
