# normlint.bash — bash completion for normlint: subcommands, the options of
# each subcommand, the values of the options that take a fixed set of words
# (formats, severities, profiles, colours ...), rule ids for --enable,
# --disable and `rules show` (asked from `normlint rules list`), and file
# names otherwise.
#
# Installed as $(PREFIX)/share/bash-completion/completions/normlint, where
# bash-completion loads it on demand; or source it from ~/.bashrc. It needs
# nothing from bash-completion itself.
#
# --opt=value and --format FMT:FILE are completed too: bash splits words at
# '=' and ':' (COMP_WORDBREAKS), so the words are joined back first, and the
# candidates are cut back to the part after the last break before they are
# offered.

# The options of each subcommand, as `normlint CMD --help` lists them
# (tests/cli/install.sh checks that none is missing).
_normlint_load_opts='--max-size --encoding --revisions --notes --doc-converter --doc-type --limit'
_normlint_opts_audit="--register --files-from -f --format -o --output --no-ignore -j --jobs -r --rules --no-bundled --disable --enable
    --profile --config --no-config --as-of --shard --progress --no-progress $_normlint_load_opts -h --help"
_normlint_opts_check="-f --format -o --output -j --jobs --staged --baseline --write-baseline --show-suppressed --no-ignore --stdin-filename --print-config --fix -r --rules
    --no-bundled --fail-on --min-severity --disable --enable -q --quiet --profile --as-of --config --no-config
    --color $_normlint_load_opts -h --help"
_normlint_opts_install_hook='--fail-on --force -h --help'
_normlint_opts_annotate="-o --output --force --fix --author -r --rules --no-bundled --disable --enable --min-severity
    --profile --config --no-config $_normlint_load_opts -h --help"
_normlint_opts_merge='-f --format -o --output --allow-partial --register -r --rules --no-bundled --profile -h --help'
_normlint_opts_profile='-h --help'
_normlint_opts_formats='-h --help'
_normlint_opts_help='-h --help'
_normlint_opts_parse="-f --format -o --output --depth $_normlint_load_opts -h --help"
_normlint_opts_rules='-r --rules --no-bundled --export-patterns -f --format -h --help'
_normlint_opts_test_rules='-r --rules --no-bundled -h --help'
_normlint_opts_text="--locators -o --output $_normlint_load_opts -h --help"

_normlint_commands='annotate audit check formats help install-hook merge parse profile rules test-rules text'

# The formats of each subcommand that has --format.
_normlint_formats() {
    case $1 in
    check) echo 'text json html sarif github junit' ;;
    audit | merge) echo 'review json jsonl html' ;;
    parse) echo 'text json summary' ;;
    esac
}

# The ids of the rules the command line would load: the first column of
# `normlint rules list`, run with the --rules and --no-bundled options
# already typed. $1 is the program as typed (COMP_WORDS[0]).
_normlint_rule_ids() {
    local prog=$1 i w next=""
    local -a packs=()
    # shellcheck disable=SC2088 # a ~/ typed on the command line is not expanded
    [[ $prog == "~/"* ]] && prog=$HOME/${prog#"~/"}
    for w in "${_normlint_words[@]:1:_normlint_cword-1}"; do
        if [[ -n $next ]]; then
            packs+=(--rules "$w")
            next=""
            continue
        fi
        case $w in
        -r | --rules) next=1 ;;
        --rules=*) packs+=(--rules "${w#--rules=}") ;;
        --no-bundled) packs+=(--no-bundled) ;;
        esac
    done
    command "$prog" rules "${packs[@]}" list 2>/dev/null | while read -r i _; do
        printf '%s\n' "$i"
    done
}

# Offer the words of $1 that start with $2.
_normlint_words_matching() {
    local IFS=$' \t\n'
    # shellcheck disable=SC2207 # the words hold no spaces or glob characters
    COMPREPLY=($(compgen -W "$1" -- "$2"))
}

# Put $1 in front of every candidate.
_normlint_prepend() {
    local i
    for i in "${!COMPREPLY[@]}"; do
        COMPREPLY[i]=$1${COMPREPLY[i]}
    done
}

# Offer file names starting with $1 (directories only with $2 = -d).
_normlint_files() {
    local IFS=$'\n'
    compopt -o filenames 2>/dev/null
    # shellcheck disable=SC2207 # one name per line
    COMPREPLY=($(compgen "${2:--f}" -- "$1"))
}

_normlint() {
    local IFS=$' \t\n'
    local i w cur prev cmd="" prefix=""
    COMPREPLY=()

    # Join the words bash split at '=' and ':' back together, up to the word
    # under the cursor, so that `--format=js` and `-f sarif:out` are one word.
    local -a _normlint_words=()
    local _normlint_cword=0
    for ((i = 0; i <= COMP_CWORD && i < ${#COMP_WORDS[@]}; i++)); do
        w=${COMP_WORDS[i]}
        if ((i > 1)) && [[ ($w == [=:] && $COMP_WORDBREAKS == *"$w"*) ||
            (${COMP_WORDS[i - 1]} == [=:] && $COMP_WORDBREAKS == *"${COMP_WORDS[i - 1]}"*) ]]; then
            _normlint_words[${#_normlint_words[@]} - 1]+=$w
        else
            _normlint_words+=("$w")
        fi
    done
    ((COMP_CWORD >= ${#COMP_WORDS[@]})) && _normlint_words+=("")
    _normlint_cword=$((${#_normlint_words[@]} - 1))
    cur=${_normlint_words[_normlint_cword]}
    prev=""
    ((_normlint_cword > 0)) && prev=${_normlint_words[_normlint_cword - 1]}

    # The part of cur that bash treats as already written: up to its last
    # word break. Candidates are offered without it.
    for ((i = ${#cur} - 1; i >= 0; i--)); do
        if [[ ${cur:i:1} == [=:] && $COMP_WORDBREAKS == *"${cur:i:1}"* ]]; then
            prefix=${cur:0:i+1}
            break
        fi
    done

    # The subcommand: the first word after the program (a path there means check).
    if ((_normlint_cword == 1)); then
        if [[ $cur == -* ]]; then
            _normlint_words_matching '-h --help -V --version' "$cur"
        else
            _normlint_words_matching "$_normlint_commands" "$cur"
            ((${#COMPREPLY[@]})) || _normlint_files "$cur"
        fi
        return 0
    fi
    cmd=${_normlint_words[1]}
    case " $_normlint_commands " in
    *" $cmd "*) ;;
    *) cmd=check ;;
    esac

    # --opt=value: complete the value as if it were the next word
    local value_of=$prev vcur=$cur vpre=""
    if [[ $cur == --*=* ]]; then
        value_of=${cur%%=*}
        vcur=${cur#*=}
        vpre=$value_of=
    elif [[ $prev == -* && $prev != --*=* ]]; then
        :
    else
        value_of=""
    fi

    local opts_var=_normlint_opts_${cmd//-/_}
    case $value_of in
    -f | --format)
        if [[ $cmd == check && $vcur == *:* ]]; then
            # FMT:FILE
            _normlint_files "${vcur#*:}"
            _normlint_prepend "$vpre${vcur%%:*}:"
        else
            _normlint_words_matching "$(_normlint_formats "$cmd")" "$vcur"
            _normlint_prepend "$vpre"
        fi
        ;;
    --fail-on | --min-severity)
        _normlint_words_matching 'error warning info' "$vcur"
        _normlint_prepend "$vpre"
        ;;
    --profile)
        _normlint_words_matching 'national beijing shaanxi' "$vcur"
        ((${#COMPREPLY[@]})) || _normlint_files "$vcur"
        _normlint_prepend "$vpre"
        ;;
    --color | --colour)
        _normlint_words_matching 'never always auto' "$vcur"
        _normlint_prepend "$vpre"
        ;;
    --revisions)
        _normlint_words_matching 'current original' "$vcur"
        _normlint_prepend "$vpre"
        ;;
    --doc-converter)
        _normlint_words_matching 'auto libreoffice catdoc' "$vcur"
        _normlint_prepend "$vpre"
        ;;
    --doc-type)
        _normlint_words_matching 'normative rule local-regulation admin-regulation law judicial other' "$vcur"
        _normlint_prepend "$vpre"
        ;;
    --encoding)
        _normlint_words_matching 'UTF-8 GB18030 GBK UTF-16LE UTF-16BE' "$vcur"
        _normlint_prepend "$vpre"
        ;;
    --limit)
        _normlint_words_matching 'zip-entries= zip-entry= zip-total= zip-ratio= xml-depth= pdf-pages= pdf-output= pdf-seconds=' "$vcur"
        _normlint_prepend "$vpre"
        compopt -o nospace 2>/dev/null
        ;;
    --enable | --disable)
        _normlint_words_matching "$(_normlint_rule_ids "${_normlint_words[0]}")" "$vcur"
        _normlint_prepend "$vpre"
        ;;
    -r | --rules | -o | --output | --baseline | --write-baseline | --config | --register | --files-from | \
        --export-patterns)
        _normlint_files "$vcur"
        _normlint_prepend "$vpre"
        ;;
    -j | --jobs | --depth | --as-of | --shard | --max-size | --author)
        # a number, a date, K/N or a size: nothing to offer
        ;;
    *)
        if [[ $cur == -* ]]; then
            _normlint_words_matching "${!opts_var}" "$cur"
        elif [[ $cmd == rules ]]; then
            # the action, then the rule id of `show`
            local action="" n=0 skip=""
            for w in "${_normlint_words[@]:2:_normlint_cword-2}"; do
                if [[ -n $skip ]]; then
                    skip=""
                    continue
                fi
                case $w in
                -r | --rules) skip=1 ;;
                -*) ;;
                *) [[ -z $action ]] && action=$w || n=$((n + 1)) ;;
                esac
            done
            if [[ -z $action ]]; then
                _normlint_words_matching 'list show' "$cur"
            elif [[ $action == show && $n -eq 0 ]]; then
                _normlint_words_matching "$(_normlint_rule_ids "${_normlint_words[0]}")" "$cur"
            fi
        elif [[ $cmd == install-hook ]]; then
            _normlint_files "$cur" -d
        else
            _normlint_files "$cur"
        fi
        ;;
    esac

    # Offer only what follows the last word break bash already split at.
    if [[ -n $prefix ]]; then
        for i in "${!COMPREPLY[@]}"; do
            COMPREPLY[i]=${COMPREPLY[i]#"$prefix"}
        done
    fi
    return 0
}

complete -F _normlint normlint
