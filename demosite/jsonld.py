"""Yoast SEO style JSON-LD graphs for the demo site's pages."""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

from demosite.vocabulary import SITE_NAME

if TYPE_CHECKING:
    from demosite.model import Article, Author

Node = dict[str, Any]


def script(graph: list[Node]) -> str:
    """The ``<script>`` element carrying *graph*, safe to embed in HTML."""
    data = json.dumps({"@context": "https://schema.org", "@graph": graph}, ensure_ascii=False)
    # "</script>" inside a string would end the element early; JSON allows these escapes.
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json" class="yoast-schema-graph">{data}</script>'


def _person_hash(author: Author) -> str:
    # Yoast keys people by a hash, so the id says nothing about the name.
    return hashlib.sha256(f"demo-daily:{author.slug}".encode()).hexdigest()[:32]


def person_id(base: str, author: Author) -> str:
    return f"{base}/#/schema/person/{_person_hash(author)}"


def _site_nodes(base: str) -> list[Node]:
    return [
        {
            "@type": "WebSite",
            "@id": f"{base}/#website",
            "url": f"{base}/",
            "name": SITE_NAME,
            "description": "News, sport and opinion from the Demo Daily",
            "publisher": {"@id": f"{base}/#organization"},
            "potentialAction": [
                {
                    "@type": "SearchAction",
                    "target": {
                        "@type": "EntryPoint",
                        "urlTemplate": f"{base}/?s={{search_term_string}}",
                    },
                    "query-input": "required name=search_term_string",
                }
            ],
            "inLanguage": "en",
        },
        {
            "@type": "Organization",
            "@id": f"{base}/#organization",
            "name": SITE_NAME,
            "url": f"{base}/",
            "logo": {
                "@type": "ImageObject",
                "inLanguage": "en",
                "@id": f"{base}/#/schema/logo/image/",
                "url": f"{base}/wp-content/uploads/logo.png",
                "contentUrl": f"{base}/wp-content/uploads/logo.png",
                "width": 600,
                "height": 60,
                "caption": SITE_NAME,
            },
            "image": {"@id": f"{base}/#/schema/logo/image/"},
        },
    ]


def _breadcrumb(page_url: str, crumbs: list[tuple[str, str | None]]) -> Node:
    items: list[Node] = []
    for position, (name, url) in enumerate(crumbs, start=1):
        item: Node = {"@type": "ListItem", "position": position, "name": name}
        if url is not None:
            item["item"] = url
        items.append(item)
    return {"@type": "BreadcrumbList", "@id": f"{page_url}#breadcrumb", "itemListElement": items}


def article_graph(base: str, article: Article, image_url: str) -> list[Node]:
    url = base + article.path
    published = article.published.isoformat()
    modified = article.modified.isoformat()
    author_refs: list[Node] = [{"name": a.name, "@id": person_id(base, a)} for a in article.authors]
    return [
        {
            "@type": article.schema_type,
            "@id": f"{url}#article",
            "isPartOf": {"@id": url},
            # Yoast writes a single author as an object and several as a list.
            "author": author_refs[0] if len(author_refs) == 1 else author_refs,
            "headline": article.title,
            "datePublished": published,
            "dateModified": modified,
            "mainEntityOfPage": {"@id": url},
            "wordCount": len(article.body.split()),
            "publisher": {"@id": f"{base}/#organization"},
            "image": {"@id": f"{url}#primaryimage"},
            "thumbnailUrl": image_url,
            "keywords": [t.name for t in article.tags],
            "articleSection": [article.section.name],
            "inLanguage": "en",
        },
        {
            "@type": "WebPage",
            "@id": url,
            "url": url,
            "name": f"{article.title} | {SITE_NAME}",
            "isPartOf": {"@id": f"{base}/#website"},
            "primaryImageOfPage": {"@id": f"{url}#primaryimage"},
            "image": {"@id": f"{url}#primaryimage"},
            "thumbnailUrl": image_url,
            "datePublished": published,
            "dateModified": modified,
            "description": article.description,
            "breadcrumb": {"@id": f"{url}#breadcrumb"},
            "inLanguage": "en",
            "potentialAction": [{"@type": "ReadAction", "target": [url]}],
        },
        {
            "@type": "ImageObject",
            "inLanguage": "en",
            "@id": f"{url}#primaryimage",
            "url": image_url,
            "contentUrl": image_url,
            "width": 1200,
            "height": 675,
            "caption": article.image_caption,
        },
        _breadcrumb(
            url,
            [
                ("Home", f"{base}/"),
                (article.section.name, base + article.section.path),
                (article.title, None),
            ],
        ),
        *_site_nodes(base),
        *(
            {
                "@type": "Person",
                "@id": person_id(base, a),
                "name": a.name,
                "image": {
                    "@type": "ImageObject",
                    "inLanguage": "en",
                    "@id": f"{base}/#/schema/person/image/{_person_hash(a)}",
                    "url": f"{base}/wp-content/uploads/avatars/{a.slug}.jpg",
                    "caption": a.name,
                },
                "url": base + a.path,
            }
            for a in article.authors
        ),
    ]


def collection_graph(base: str, url: str, name: str, crumb: str | None) -> list[Node]:
    """The graph of a listing page (home, category, tag or author archive)."""
    crumbs: list[tuple[str, str | None]] = [("Home", f"{base}/")]
    if crumb is not None:
        crumbs.append((crumb, None))
    return [
        {
            "@type": "CollectionPage",
            "@id": url,
            "url": url,
            "name": name,
            "isPartOf": {"@id": f"{base}/#website"},
            "breadcrumb": {"@id": f"{url}#breadcrumb"},
            "inLanguage": "en",
        },
        _breadcrumb(url, crumbs),
        *_site_nodes(base),
    ]


def webpage_graph(base: str, url: str, name: str) -> list[Node]:
    """The graph of a static page such as "About us"."""
    return [
        {
            "@type": "WebPage",
            "@id": url,
            "url": url,
            "name": name,
            "isPartOf": {"@id": f"{base}/#website"},
            "inLanguage": "en",
        },
        *_site_nodes(base),
    ]
