//! The page's panels, one module each. A panel reads the cluster through `Sim` (in
//! `crate::state`) and changes it only through `Sim::perform` and `Sim::run`, or the
//! `Page` operations built on them; panels share nothing else but `Page`'s signals.

pub mod autoscale;
pub mod camera;
pub mod cluster_tiles;
pub mod cluster_view;
pub mod compare;
pub mod compose;
pub mod config_box;
pub mod config_details;
pub mod console;
pub mod cron_timeline;
pub mod details;
pub mod diagnostics;
pub mod docker;
pub mod editor;
pub mod events;
pub mod file_tabs;
pub mod header;
pub mod import;
pub mod kind_download;
pub mod legend;
pub mod lesson;
pub mod manifests;
pub mod network_box;
pub mod network_words;
pub mod port_forward;
pub mod presenter;
pub mod pull_lab;
pub mod recovered;
pub mod scrubber;
pub mod stage;
pub mod tables;
pub mod terminal;
pub mod timebar;
pub mod traffic_table;
pub mod watch;
pub mod workload_box;
pub mod workload_details;
