//! The files a lesson's lines read: its own `file` blocks, then the seed post's files
//! (its Dockerfiles, jar and manifests), which every lesson has at hand as if it ran in
//! the seed's folder.

use crate::files::{FileError, Files};
use std::collections::BTreeSet;

pub struct LessonFiles {
    own: Vec<(String, String)>,
}

const SEED: &[(&str, &str)] = &[
    ("Dockerfile", include_str!("../../../../examples/seed/Dockerfile")),
    ("Dockerfile.fixed", include_str!("../../../../examples/seed/Dockerfile.fixed")),
    ("Dockerfile.space-only", include_str!("../../../../examples/seed/Dockerfile.space-only")),
    ("build/libs/spring-demo-0.0.1-SNAPSHOT.jar", include_str!("../../../../examples/seed/build/libs/spring-demo-0.0.1-SNAPSHOT.jar")),
    ("spring-pod.yaml", include_str!("../../../../examples/seed/spring-pod.yaml")),
    ("spring-pod-unset.yaml", include_str!("../../../../examples/seed/spring-pod-unset.yaml")),
    ("three-pods.yaml", include_str!("../../../../examples/seed/three-pods.yaml")),
    ("spring-deployment.yaml", include_str!("../../../../examples/seed/spring-deployment.yaml")),
    ("spring-deployment-requests.yaml", include_str!("../../../../examples/seed/spring-deployment-requests.yaml")),
    ("spring-service.yaml", include_str!("../../../../examples/seed/spring-service.yaml")),
    ("spring-hpa.yaml", include_str!("../../../../examples/seed/spring-hpa.yaml")),
];

impl LessonFiles {
    pub fn new(own: &[(String, String)]) -> LessonFiles {
        LessonFiles { own: own.to_vec() }
    }

    fn clean(path: &str) -> String {
        path.replace('\\', "/").trim_start_matches("./").trim_end_matches('/').to_string()
    }

    fn all(&self) -> impl Iterator<Item = (&str, &str)> {
        self.own.iter().map(|(p, t)| (p.as_str(), t.as_str())).chain(SEED.iter().copied())
    }
}

impl Files for LessonFiles {
    fn read(&self, path: &str) -> Result<String, FileError> {
        let p = Self::clean(path);
        self.all().find(|(name, _)| *name == p).map(|(_, text)| text.to_string()).ok_or(FileError::Missing(path.to_string()))
    }

    fn list(&self, path: &str) -> Option<Vec<String>> {
        let p = Self::clean(path);
        let prefix = if p.is_empty() || p == "." { String::new() } else { format!("{p}/") };
        let names: BTreeSet<String> = self
            .all()
            .filter_map(|(name, _)| name.strip_prefix(prefix.as_str()))
            .map(|rest| rest.split('/').next().unwrap_or(rest).to_string())
            .collect();
        (!names.is_empty()).then(|| names.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_files_come_first_and_folders_list_their_entries() {
        let f = LessonFiles::new(&[("Dockerfile".into(), "FROM nginx:1.27\n".into()), ("k8s/web.yaml".into(), "x".into())]);
        assert_eq!(f.read("./Dockerfile").unwrap(), "FROM nginx:1.27\n");
        assert!(f.read("spring-pod.yaml").unwrap().contains("spring-pod"));
        assert_eq!(f.list("k8s"), Some(vec!["web.yaml".to_string()]));
        assert_eq!(f.list("build/libs"), Some(vec!["spring-demo-0.0.1-SNAPSHOT.jar".to_string()]));
        assert!(f.list(".").unwrap().contains(&"build".to_string()));
        assert_eq!(f.read("nope.yaml"), Err(FileError::Missing("nope.yaml".into())));
        assert_eq!(f.list("nope"), None);
    }
}
