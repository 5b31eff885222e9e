/* Home-made consent helper of the *.exemple-consentement.fr sites, served at /js/consentement.js:
   <script src="/js/consentement.js" data-cookie="consentement" data-ga4="G-…" data-pixel="…"></script>
   The choice is a first-party cookie NAME=accepte|refuse kept 6 months; trackers load only on "accepte".
   A refusal deletes the trackers' cookies (_ga*, _gid, _gat*, _fbp), as a careful site does when
   consent is withdrawn. The footer « Gérer mes cookies » reopens the banner. */
(function () {
  var script = document.currentScript;
  var NOM = script.dataset.cookie || "consentement";
  var SIX_MOIS = 15552000;
  var TRACEURS = /^(_ga|_ga_.*|_gid|_gat.*|_fbp)$/;
  var HISTORIQUE = NOM + "_deja_accepte";  // retraitIgnore: the tag setup remembers an acceptance
  var charge = false;
  var options = {};

  function lire() {
    var m = document.cookie.match(new RegExp("(?:^|; )" + NOM + "=([^;]*)"));
    if (m) return m[1];
    try { return window.sessionStorage.getItem(NOM); } catch (e) { return null; }
  }

  function enregistrer(valeur) {
    document.cookie = NOM + "=" + valeur + "; max-age=" + SIX_MOIS + "; path=/; SameSite=Lax";
  }

  function chargerTraceurs() {
    if (charge) return;
    charge = true;
    var ga4 = script.dataset.ga4, pixel = script.dataset.pixel;
    if (ga4) {
      window.dataLayer = window.dataLayer || [];
      window.gtag = function () { dataLayer.push(arguments); };
      gtag("js", new Date());
      gtag("config", ga4);
      ajouterScript("https://www.googletagmanager.com/gtag/js?id=" + ga4);
    }
    if (pixel) {
      var n = window.fbq = function () { n.callMethod ? n.callMethod.apply(n, arguments) : n.queue.push(arguments); };
      n.queue = [];
      fbq("init", pixel);
      fbq("track", "PageView");
      ajouterScript("https://connect.facebook.net/fr_FR/fbevents.js");
    }
  }

  // Delete the trackers' cookies on this host and each parent domain (GA and the pixel set
  // them on the domain without "www.").
  function effacerTraceurs() {
    var labels = location.hostname.split(".");
    document.cookie.split("; ").forEach(function (paire) {
      var nom = paire.split("=")[0];
      if (!TRACEURS.test(nom)) return;
      document.cookie = nom + "=; max-age=0; path=/";
      for (var i = 0; i < labels.length - 1; i++) {
        document.cookie = nom + "=; max-age=0; path=/; domain=" + labels.slice(i).join(".");
      }
    });
  }

  function ajouterScript(src) {
    var s = document.createElement("script");
    s.async = true;
    s.src = src;
    document.head.appendChild(s);
  }

  // Apply a choice: store it (unless told not to), close the banner, load trackers on accept.
  function decider(valeur, bandeau, memoriser) {
    if (memoriser === "onglet") window.sessionStorage.setItem(NOM, valeur);  // this tab only
    else if (memoriser !== false) enregistrer(valeur);
    if (bandeau) bandeau.remove();
    if (valeur === "accepte") {
      if (options.retraitIgnore) window.localStorage.setItem(HISTORIQUE, "1");
      chargerTraceurs();
    } else if (!options.retraitIgnore) {
      effacerTraceurs();
    }
    // the page's own scripts follow the choice (a wall freed, a gate shown)
    document.dispatchEvent(new CustomEvent("consentement:choix", {detail: valeur}));
  }

  // options.retraitIgnore: a tag setup that keeps the first acceptance (a tag manager whose
  // trigger ignores the consent update): after a withdrawal the refusal is stored, yet the
  // trackers go on loading and their cookies stay.
  function traceursMalgreRefus() {
    return options.retraitIgnore && window.localStorage.getItem(HISTORIQUE) === "1";
  }

  /* Wire a banner: [data-choix=accepte|refuse] decide, [data-personnaliser] opens the
     [data-couche2] layer. Returns true when the banner is shown (no stored choice).
     options.memoriserRefus=false: a refusal closes the banner but is not stored;
     options.memoriserRefus="onglet": it is kept in sessionStorage, for this tab only. */
  function demarrer(bandeau, racine, choisies) {
    options = choisies || {};
    var choix = lire();
    if (traceursMalgreRefus()) chargerTraceurs();
    if (choix) {
      bandeau.remove();
      if (choix === "accepte") chargerTraceurs();
      return false;
    }
    (racine || bandeau).addEventListener("click", function (event) {
      var bouton = event.target.closest("[data-choix]");
      if (bouton) {
        event.preventDefault();
        var valeur = bouton.dataset.choix;
        decider(valeur, bandeau, valeur === "accepte" ? true
                : options.memoriserRefus === undefined ? true : options.memoriserRefus);
      } else if (event.target.closest("[data-personnaliser]")) {
        event.preventDefault();
        (racine || bandeau).querySelector("[data-couche2]").style.display = "block";
      }
    });
    bandeau.classList.add("ouvert");
    return true;
  }

  // Footer "Gérer mes cookies": forget the choice and show the banner again.
  document.addEventListener("click", function (event) {
    if (event.target.closest("#gerer-cookies")) {
      event.preventDefault();
      document.cookie = NOM + "=; max-age=0; path=/";
      location.reload();
    }
  });

  window.Consentement = { lire: lire, enregistrer: enregistrer, decider: decider,
                          demarrer: demarrer, chargerTraceurs: chargerTraceurs };
})();
