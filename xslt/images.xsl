<?xml version="1.0" encoding="UTF-8"?>
<!--
  Images.  A page's text holds each image as
  <figure><img src="BASE/bilder/ID" alt="…"/><figcaption>…</figcaption></figure>;
  /naering/images lists the images that text shows, with their variants,
  and the "text" mode writes each figure as a <picture>: WebP where the
  browser takes it, the original's format otherwise, srcset and sizes so a
  phone loads a small file, width and height so nothing shifts while it
  loads, lazy loading for all but the first.  An image that is gone (in
  the trash) shows nothing.

  Then the editor's views: the library with upload (view "images") and
  one image (view "image").  Field names are a contract: fil1, alt,
  dekorativ, bildetekst, bilde, bekreft, handling.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:nb="urn:x-naering:strings" exclude-result-prefixes="nb">

  <xsl:key name="image" match="/naering/images/image" use="@src"/>

  <!-- ==== a text with its images ==== -->
  <xsl:template match="node()" mode="text">
    <xsl:copy-of select="."/>
  </xsl:template>

  <xsl:template match="*[.//figure[img]]" mode="text">
    <xsl:copy>
      <xsl:copy-of select="@*"/>
      <xsl:apply-templates select="node()" mode="text"/>
    </xsl:copy>
  </xsl:template>

  <xsl:template match="figure[img]" mode="text">
    <xsl:variable name="im" select="key('image', img/@src)"/>
    <xsl:if test="$im">
      <figure class="image">
        <xsl:call-template name="picture">
          <xsl:with-param name="im" select="$im"/>
          <xsl:with-param name="alt" select="string(img/@alt)"/>
          <xsl:with-param name="lazy" select="count(preceding::figure[img]) &gt; 0"/>
        </xsl:call-template>
        <xsl:if test="normalize-space(figcaption) != ''">
          <figcaption><xsl:value-of select="figcaption"/></figcaption>
        </xsl:if>
      </figure>
    </xsl:if>
  </xsl:template>

  <!-- "url 480w, url 960w" of the given variants (ordered by width). -->
  <xsl:template name="srcset">
    <xsl:param name="of"/>
    <xsl:for-each select="$of">
      <xsl:if test="position() &gt; 1">, </xsl:if>
      <xsl:value-of select="concat(@url, ' ', @width, 'w')"/>
    </xsl:for-each>
  </xsl:template>

  <xsl:template name="picture">
    <xsl:param name="im"/>
    <xsl:param name="alt"/>
    <xsl:param name="lazy" select="true()"/>
    <xsl:param name="sizes" select="'(min-width: 60em) 46em, 92vw'"/>
    <xsl:variable name="webp" select="$im/variant[@type = 'image/webp']"/>
    <xsl:variable name="plain" select="$im/variant[@type != 'image/webp']"/>
    <xsl:variable name="fallback" select="$plain | $webp[not($plain)]"/>
    <xsl:variable name="widest" select="$fallback[last()]"/>
    <xsl:variable name="middle" select="$fallback[@width &lt;= 960][last()] | $fallback[1][not($fallback[@width &lt;= 960])]"/>
    <picture>
      <xsl:if test="$plain and $webp">
        <source type="image/webp" sizes="{$sizes}">
          <xsl:attribute name="srcset">
            <xsl:call-template name="srcset"><xsl:with-param name="of" select="$webp"/></xsl:call-template>
          </xsl:attribute>
        </source>
      </xsl:if>
      <img src="{$middle/@url}" sizes="{$sizes}" width="{$widest/@width}" height="{$widest/@height}" alt="{$alt}" decoding="async">
        <xsl:attribute name="srcset">
          <xsl:call-template name="srcset"><xsl:with-param name="of" select="$fallback"/></xsl:call-template>
        </xsl:attribute>
        <xsl:if test="$lazy"><xsl:attribute name="loading">lazy</xsl:attribute></xsl:if>
      </img>
    </picture>
  </xsl:template>

  <!-- The smallest variant, for the editor's lists. -->
  <xsl:template name="thumb">
    <xsl:param name="im" select="."/>
    <xsl:variable name="plain" select="$im/variant[@type != 'image/webp']"/>
    <xsl:variable name="v" select="($plain | $im/variant[not($plain)])[1]"/>
    <img class="thumb" src="{$v/@url}" width="{$v/@width}" height="{$v/@height}" alt="" loading="lazy" decoding="async"/>
  </xsl:template>

  <!-- ==== the library: upload and place, or place one already there ==== -->
  <xsl:template match="naering[@view='images']" mode="main">
    <xsl:variable name="ed" select="editor"/>
    <xsl:variable name="f" select="image-form"/>
    <xsl:call-template name="editor-bar"/>
    <h1><xsl:value-of select="concat(nb:s('ed-title-images'), ': ', page/title)"/></h1>
    <xsl:if test="refused or $f/error">
      <div class="error-summary" role="alert" tabindex="-1">
        <h2><xsl:value-of select="nb:s('ed-image-refused')"/></h2>
        <ul>
          <xsl:if test="refused">
            <li><xsl:value-of select="nb:s(concat('upload-', refused/@key))"/></li>
          </xsl:if>
          <xsl:for-each select="$f/error">
            <li><a href="#f-{@field}"><xsl:value-of select="nb:s(concat('error-', @key))"/></a></li>
          </xsl:for-each>
        </ul>
      </div>
    </xsl:if>
    <section aria-labelledby="image-upload-title">
      <h2 id="image-upload-title"><xsl:value-of select="nb:s('ed-image-upload')"/></h2>
      <p class="hint"><xsl:value-of select="nb:s('hint-image-upload')"/></p>
      <form class="editor-form upload-form image-upload" method="post" action="{$ed/@url}" enctype="multipart/form-data" aria-labelledby="image-upload-title">
        <xsl:call-template name="csrf"/>
        <input type="hidden" name="handling" value="last-opp-bilde"/>
        <div class="field">
          <label for="f-fil1"><xsl:value-of select="nb:s('ed-choose-image')"/></label>
          <input id="f-fil1" name="fil1" type="file" accept="image/jpeg,image/png,image/webp,image/heic,image/avif" required="required"/>
        </div>
        <xsl:call-template name="image-words">
          <xsl:with-param name="id" select="''"/>
          <xsl:with-param name="alt" select="$f/@alt"/>
          <xsl:with-param name="caption" select="$f/@caption"/>
          <xsl:with-param name="decorative" select="$f/@decorative"/>
          <xsl:with-param name="errors" select="$f/error"/>
        </xsl:call-template>
        <div class="actions"><button type="submit" class="primary"><xsl:value-of select="nb:s('ed-image-upload-button')"/></button></div>
      </form>
    </section>
    <section aria-labelledby="library-title">
      <h2 id="library-title"><xsl:value-of select="nb:s('ed-library')"/></h2>
      <form method="get" action="{$ed/@url}" class="inline-form" role="search" aria-label="{nb:s('ed-library-search')}">
        <input type="hidden" name="vis" value="bilder"/>
        <label for="library-q"><xsl:value-of select="nb:s('ed-library-search')"/></label>
        <input id="library-q" name="q" type="search" value="{library/@match}"/>
        <button type="submit"><xsl:value-of select="nb:s('search')"/></button>
      </form>
      <xsl:if test="not(library/image)"><p><xsl:value-of select="nb:s('ed-no-images')"/></p></xsl:if>
      <ul class="library">
        <xsl:for-each select="library/image">
          <li class="image-card">
            <xsl:call-template name="thumb"/>
            <div class="image-facts">
              <h3 id="image-{@id}-title"><a href="{$ed/@url}?vis=bilde&amp;bilde={@id}"><xsl:value-of select="@name"/></a></h3>
              <p class="doc-meta">
                <xsl:value-of select="concat(@width, ' × ', @height, ' px, ')"/>
                <xsl:call-template name="size"><xsl:with-param name="bytes" select="@size"/></xsl:call-template>
                <xsl:value-of select="concat(', ', nb:s('ed-image-uses'), ' ', @uses)"/>
              </p>
              <xsl:if test="@alt != ''"><p class="image-alt"><xsl:value-of select="concat(nb:s('field-alt'), ': ', @alt)"/></p></xsl:if>
              <details>
                <summary><xsl:value-of select="nb:s('ed-image-place')"/><span class="visually-hidden"><xsl:value-of select="concat(': ', @name)"/></span></summary>
                <form method="post" action="{$ed/@url}" class="editor-form" aria-labelledby="image-{@id}-title">
                  <xsl:call-template name="csrf"/>
                  <input type="hidden" name="handling" value="sett-inn-bilde"/>
                  <input type="hidden" name="bilde" value="{@id}"/>
                  <xsl:call-template name="image-words">
                    <xsl:with-param name="id" select="concat('-', @id)"/>
                    <xsl:with-param name="alt" select="@alt"/>
                  </xsl:call-template>
                  <button type="submit"><xsl:value-of select="nb:s('ed-image-place-button')"/></button>
                </form>
              </details>
            </div>
          </li>
        </xsl:for-each>
      </ul>
    </section>
  </xsl:template>

  <!-- Alt text (or decorative) and caption, ids f-alt{id}, ... -->
  <xsl:template name="image-words">
    <xsl:param name="id"/>
    <xsl:param name="alt" select="''"/>
    <xsl:param name="caption" select="''"/>
    <xsl:param name="decorative" select="''"/>
    <xsl:param name="errors" select="/.."/>
    <xsl:variable name="aerr" select="$errors[@field = 'alt'][1]"/>
    <xsl:variable name="cerr" select="$errors[@field = 'caption'][1]"/>
    <div class="field">
      <label for="f-alt{$id}"><xsl:value-of select="nb:s('field-alt')"/></label>
      <p class="hint" id="f-alt{$id}-hint"><xsl:value-of select="nb:s('hint-alt')"/></p>
      <xsl:if test="$aerr">
        <p class="field-error" id="f-alt{$id}-error"><xsl:value-of select="nb:s(concat('error-', $aerr/@key))"/></p>
      </xsl:if>
      <input id="f-alt{$id}" name="alt" type="text" maxlength="300" value="{$alt}">
        <xsl:attribute name="aria-describedby">
          <xsl:value-of select="concat('f-alt', $id, '-hint')"/>
          <xsl:if test="$aerr"><xsl:value-of select="concat(' f-alt', $id, '-error')"/></xsl:if>
        </xsl:attribute>
        <xsl:if test="$aerr"><xsl:attribute name="aria-invalid">true</xsl:attribute></xsl:if>
      </input>
    </div>
    <div class="field field-check">
      <input id="f-dekorativ{$id}" name="dekorativ" type="checkbox" value="ja">
        <xsl:if test="$decorative"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
      </input>
      <label for="f-dekorativ{$id}"><xsl:value-of select="nb:s('field-decorative')"/></label>
    </div>
    <div class="field">
      <label for="f-caption{$id}"><xsl:value-of select="nb:s('field-caption')"/></label>
      <xsl:if test="$cerr">
        <p class="field-error" id="f-caption{$id}-error"><xsl:value-of select="nb:s(concat('error-', $cerr/@key))"/></p>
      </xsl:if>
      <input id="f-caption{$id}" name="bildetekst" type="text" maxlength="500" value="{$caption}">
        <xsl:if test="$cerr">
          <xsl:attribute name="aria-invalid">true</xsl:attribute>
          <xsl:attribute name="aria-describedby"><xsl:value-of select="concat('f-caption', $id, '-error')"/></xsl:attribute>
        </xsl:if>
      </input>
    </div>
  </xsl:template>

  <!-- ==== one image: where it is used, replace, trash, history ==== -->
  <xsl:template match="naering[@view='image']" mode="main">
    <xsl:variable name="ed" select="editor"/>
    <xsl:variable name="im" select="image-detail/image"/>
    <xsl:call-template name="editor-bar"/>
    <h1><xsl:value-of select="concat(nb:s('ed-title-image'), ': ', $im/@name)"/></h1>
    <p><a href="{$ed/@url}?vis=bilder"><xsl:value-of select="nb:s('ed-back-to-library')"/></a></p>
    <xsl:if test="refused">
      <div class="error-summary" role="alert" tabindex="-1">
        <h2><xsl:value-of select="nb:s('ed-image-refused')"/></h2>
        <p><xsl:value-of select="nb:s(concat('upload-', refused/@key))"/></p>
      </div>
    </xsl:if>
    <xsl:if test="image-detail/@warn">
      <div class="error-summary" role="alert" tabindex="-1">
        <h2><xsl:value-of select="nb:s('ed-image-in-use')"/></h2>
        <p><xsl:value-of select="nb:s('ed-image-in-use-text')"/></p>
        <form method="post" action="{$ed/@url}" class="inline-form" aria-label="{nb:s('ed-image-trash-anyway')}">
          <xsl:call-template name="csrf"/>
          <input type="hidden" name="bilde" value="{$im/@id}"/>
          <input type="hidden" name="bekreft" value="ja"/>
          <button type="submit" name="handling" value="slett-bilde" class="danger"><xsl:value-of select="nb:s('ed-image-trash-anyway')"/></button>
        </form>
      </div>
    </xsl:if>
    <figure class="image image-detail">
      <xsl:call-template name="picture">
        <xsl:with-param name="im" select="$im"/>
        <xsl:with-param name="alt" select="$im/@alt"/>
        <xsl:with-param name="lazy" select="false()"/>
      </xsl:call-template>
      <figcaption>
        <xsl:value-of select="concat($im/@width, ' × ', $im/@height, ' px, ', nb:s(concat('type-', $im/@mime)), ', ')"/>
        <xsl:call-template name="size"><xsl:with-param name="bytes" select="$im/@size"/></xsl:call-template>
        <xsl:if test="$im/@trashed"><xsl:value-of select="concat(' (', nb:s('ed-deleted'), ')')"/></xsl:if>
      </figcaption>
    </figure>
    <section aria-labelledby="uses-title">
      <h2 id="uses-title"><xsl:value-of select="nb:s('ed-image-used-on')"/></h2>
      <xsl:choose>
        <xsl:when test="image-detail/uses/page">
          <ul>
            <xsl:for-each select="image-detail/uses/page">
              <li><a href="{@edit}"><xsl:value-of select="."/></a><xsl:value-of select="concat(' (', @path, ')')"/></li>
            </xsl:for-each>
          </ul>
        </xsl:when>
        <xsl:otherwise><p><xsl:value-of select="nb:s('ed-image-unused')"/></p></xsl:otherwise>
      </xsl:choose>
    </section>
    <section aria-labelledby="replace-title">
      <h2 id="replace-title"><xsl:value-of select="nb:s('ed-image-replace')"/></h2>
      <p class="hint"><xsl:value-of select="nb:s('hint-image-replace')"/></p>
      <form method="post" action="{$ed/@url}" class="inline-form" enctype="multipart/form-data" aria-labelledby="replace-title">
        <xsl:call-template name="csrf"/>
        <input type="hidden" name="handling" value="erstatt-bilde"/>
        <input type="hidden" name="bilde" value="{$im/@id}"/>
        <label for="f-replace"><xsl:value-of select="nb:s('ed-choose-image')"/></label>
        <input id="f-replace" name="fil1" type="file" accept="image/jpeg,image/png,image/webp,image/heic,image/avif" required="required"/>
        <button type="submit"><xsl:value-of select="nb:s('ed-replace')"/></button>
      </form>
    </section>
    <form method="post" action="{$ed/@url}" class="inline-form" aria-label="{nb:s('ed-delete')}">
      <xsl:call-template name="csrf"/>
      <input type="hidden" name="bilde" value="{$im/@id}"/>
      <input type="hidden" name="bekreft" value=""/>
      <xsl:choose>
        <xsl:when test="$im/@trashed">
          <button type="submit" name="handling" value="bilde-tilbake"><xsl:value-of select="nb:s('ed-untrash')"/></button>
        </xsl:when>
        <xsl:otherwise>
          <button type="submit" name="handling" value="slett-bilde" class="danger"><xsl:value-of select="nb:s('ed-delete')"/></button>
        </xsl:otherwise>
      </xsl:choose>
    </form>
    <section aria-labelledby="image-history-title">
      <h2 id="image-history-title"><xsl:value-of select="nb:s('ed-history')"/></h2>
      <ul>
        <xsl:for-each select="image-detail/doc-events/event">
          <li>
            <xsl:call-template name="date-time"><xsl:with-param name="iso" select="@created"/></xsl:call-template>
            <xsl:value-of select="concat(', ', @by, ': ', nb:s(concat('image-event-', @action)), ' ', detail)"/>
          </li>
        </xsl:for-each>
      </ul>
    </section>
  </xsl:template>
</xsl:stylesheet>
