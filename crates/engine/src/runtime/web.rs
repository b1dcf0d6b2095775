//! The pages a web server image serves: nginx's and Apache httpd's document root (their
//! own default page, or the `index.html` a volume or a container put there, as the
//! documentation's two-container pod writes it from a debian container), and the echo
//! servers tutorials balance requests over (hello-app, http-echo, agnhost), which answer
//! with their pod's host name or their text.

/// nginx's `/usr/share/nginx/html/index.html` as its image ships it.
const NGINX_WELCOME: &str = "<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href=\"http://nginx.org/\">nginx.org</a>.<br/>
Commercial support is available at
<a href=\"http://nginx.com/\">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
";

/// httpd's `htdocs/index.html`.
const HTTPD_WORKS: &str = "<html><body><h1>It works!</h1></body></html>\n";

/// The server a program is, by how `ps` shows it: its document root, its configuration
/// directory and its default page.
fn server(program: &str) -> Option<(&'static str, &'static str, &'static str)> {
    if program.starts_with("nginx") {
        Some(("/usr/share/nginx/html", "/etc/nginx", NGINX_WELCOME))
    } else if program.starts_with("httpd") {
        Some(("/usr/local/apache2/htdocs", "/usr/local/apache2/conf", HTTPD_WORKS))
    } else {
        None
    }
}

/// The server that answered: its program (as `ps` shows the image's own), image, the
/// container's command line after the program, its host name (the pod's name), and the
/// files (path, text) and volume mount paths of its container.
pub struct Server<'a> {
    pub program: &'a str,
    pub image: &'a str,
    pub args: &'a [String],
    pub hostname: &'a str,
    pub files: &'a [(String, String)],
    pub mounts: &'a [&'a str],
}

/// The status and page a GET of `path` gets: an echo server's answer, or a file under a
/// web server's document root, its own default page, else 404. `None` when kubeplay
/// cannot tell: not a server it knows, or its configuration replaced by a volume (it may
/// proxy or rewrite).
pub fn page(s: &Server, path: &str) -> Option<(u16, String)> {
    if let Some(answer) = echo(s, path) {
        return Some((200, answer));
    }
    let (program, image, files, mounts) = (s.program, s.image, s.files, s.mounts);
    let (root, conf, default) = server(program)?;
    let under = |dir: &str, p: &str| p == dir || p.starts_with(&format!("{dir}/"));
    if mounts.iter().any(|m| under(conf, m) || under(m, conf)) {
        return None;
    }
    let path = path.split(['?', '#']).next().unwrap_or("/");
    let wanted = if path.ends_with('/') { format!("{root}{path}index.html") } else { format!("{root}{path}") };
    if let Some((_, text)) = files.iter().rev().find(|(p, _)| *p == wanted) {
        return Some((200, text.clone()));
    }
    // The image's own page, unless a volume hides the root it sits in.
    let hidden = mounts.iter().any(|m| under(m, root));
    if wanted == format!("{root}/index.html") && !hidden {
        return Some((200, default.to_string()));
    }
    let httpd = program.starts_with("httpd");
    if path.ends_with('/') {
        // A directory without its index: nginx forbids it; httpd lists it (not modelled).
        return (!httpd).then(|| (403, nginx_error(403, "Forbidden", image)));
    }
    if httpd {
        return Some((404, "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n".into()));
    }
    Some((404, nginx_error(404, "Not Found", image)))
}

/// What an echo server answers (its handlers in their sources): hello-app's three lines
/// with its tag's version, http-echo's `-text`, agnhost's host name.
fn echo(s: &Server, path: &str) -> Option<String> {
    let arg = |name: &str| super::option(s.args, &[name]);
    match s.program {
        "/hello-app" => {
            let tag = s.image.rsplit_once(':').map_or("1.0", |(_, t)| t);
            let version = if tag.matches('.').count() == 1 { format!("{tag}.0") } else { tag.to_string() };
            Some(format!("Hello, world!\nVersion: {version}\nHostname: {}\n", s.hostname))
        }
        "/http-echo" => Some(format!("{}\n", arg("-text").unwrap_or("hello-world"))),
        // agnhost's `serve-hostname` (its default here) and `netexec`'s `/hostname`.
        p if p.starts_with("/agnhost") => match s.args.iter().find(|a| !a.starts_with('-')).map(String::as_str) {
            None | Some("serve-hostname") => Some(s.hostname.to_string()),
            Some("netexec") if path == "/hostname" => Some(s.hostname.to_string()),
            _ => None,
        },
        _ => None,
    }
}

/// nginx's page for an error, signed with its version, which kubeplay knows only from a
/// tag that names it whole (`nginx:1.14.2`).
fn nginx_error(code: u16, reason: &str, image: &str) -> String {
    let tag = image.rsplit_once(':').map_or("", |(_, t)| t);
    let version = tag.split('-').next().filter(|v| v.split('.').count() == 3 && v.split('.').all(|n| n.parse::<u32>().is_ok()));
    let signed = version.map_or("nginx".to_string(), |v| format!("nginx/{v}"));
    format!("<html>\n<head><title>{code} {reason}</title></head>\n<body>\n<center><h1>{code} {reason}</h1></center>\n<hr><center>{signed}</center>\n</body>\n</html>\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(program: &str, image: &str, files: &[(String, String)], mounts: &[&str], path: &str) -> Option<(u16, String)> {
        super::page(&Server { program, image, args: &[], hostname: "web-1", files, mounts }, path)
    }

    #[test]
    fn echo_servers_answer_with_their_host_name_or_text() {
        let hello = page("/hello-app", "gcr.io/google-samples/hello-app:2.0", &[], &[], "/");
        assert_eq!(hello, Some((200, "Hello, world!\nVersion: 2.0.0\nHostname: web-1\n".to_string())));
        let args = ["-text=apple".to_string()];
        let echo = super::page(
            &Server { program: "/http-echo", image: "hashicorp/http-echo", args: &args, hostname: "a", files: &[], mounts: &[] },
            "/apple",
        );
        assert_eq!(echo, Some((200, "apple\n".to_string())));
        assert_eq!(
            page("/agnhost serve-hostname", "registry.k8s.io/e2e-test-images/agnhost:2.39", &[], &[], "/"),
            Some((200, "web-1".to_string()))
        );
    }

    #[test]
    fn the_root_serves_a_written_index_else_the_image_s_own_page() {
        let written = [("/usr/share/nginx/html/index.html".to_string(), "Hello from the debian container\n".to_string())];
        let nginx = "nginx: master process nginx -g daemon off;";
        let index = page(nginx, "nginx", &written, &["/usr/share/nginx/html"], "/");
        assert_eq!(index, Some((200, "Hello from the debian container\n".to_string())));
        assert!(page(nginx, "nginx", &[], &[], "/").is_some_and(|(code, p)| code == 200 && p.contains("<h1>Welcome to nginx!</h1>")));
        assert_eq!(page("httpd -DFOREGROUND", "httpd", &[], &[], "/index.html"), Some((200, HTTPD_WORKS.to_string())));
        // No such file (the version only from a whole tag); a volume over the root with
        // no index; a replaced configuration; another server.
        let missing = page(nginx, "nginx:1.14.2", &[], &[], "/missing.html").expect("answered");
        assert_eq!(missing.0, 404);
        assert!(missing.1.contains("<hr><center>nginx/1.14.2</center>"), "{}", missing.1);
        assert!(page(nginx, "nginx:1.27", &[], &[], "/x").is_some_and(|(_, p)| p.contains("<center>nginx</center>")));
        assert_eq!(page(nginx, "nginx", &[], &["/usr/share/nginx/html"], "/").map(|(c, _)| c), Some(403));
        assert_eq!(page(nginx, "nginx", &[], &["/etc/nginx/conf.d"], "/"), None);
        assert_eq!(page("redis-server", "redis", &[], &[], "/"), None);
    }
}
