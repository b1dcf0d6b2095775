pub mod rng;
pub mod time;
pub mod value;
pub mod yaml;
pub mod decode;
pub mod quantity;
pub mod schema;
pub mod api;
